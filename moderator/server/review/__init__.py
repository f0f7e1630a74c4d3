"""The reviewer path: claim, leases, report details, media, decisions."""
