"""The ports of `portal.service.ports`, implemented on AWS: DynamoDB, Cognito, SES.

Each adapter turns AWS's errors into `portal.domain.errors` types, so use cases never see boto3.
"""
