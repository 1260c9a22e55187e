"""Portal's use cases: check the policy, then the stores and Cognito, then notify and audit.

Each use case that touches more than one system orders its steps so a failure can be undone,
and undoes it, so no orphan Cognito user, membership or counter is left behind.
"""
