"""The ids of the committed patterns, as the tests name them."""

A, B, C, D, E, F = (
    "a-modify-s3-role",
    "b-task-role",
    "c-security-group",
    "d-iam-user-keys",
    "e-instance-profile",
    "f-secrets-manager-keys",
)
