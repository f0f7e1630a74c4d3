"""Small honest fakes shared by the tests."""
