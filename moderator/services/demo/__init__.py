"""The demo workspace generator: synthetic media, reports, people, training, wellbeing and two
weeks of QA history, built through the same services an organisation uses."""
