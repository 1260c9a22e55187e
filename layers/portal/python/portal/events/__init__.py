"""The edge of the functions that AWS events start (not HTTP): each signal read into Portal's
terms (`cloudtrail`, `user_activity`), and each handled once per event id (`once`)."""
