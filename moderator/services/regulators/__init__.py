"""The regulators' own formats, made from the record: the KCC transparency report, DSA
statements of reasons and NCMEC CyberTipline reports."""
