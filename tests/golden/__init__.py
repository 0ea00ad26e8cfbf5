"""Golden fixtures: events stored by the code of commit c765ae6, and a test that they load."""
