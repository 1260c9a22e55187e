"""Portal's CDK app: one construct per concern, composed per stage by `infra.stacks`."""
