# Log in (form-encoded, not JSON), then look at the answer: with an
# "access_token" it holds the tokens (60 minutes: "expires_in": 3600).
# For a user with multi-factor authentication it is a 200 WITHOUT them:
# "mfa_enabled": true and an "mfa_token", for the second request below.
curl -X POST 'https://abc.ukwest.cloudapp.azure.com/api/oauth2/token' \
  --data-urlencode 'grant_type=Password' \
  --data-urlencode 'username=backupadmin' \
  --data-urlencode "password=$VBAZURE_PASSWORD"

# Multi-factor only: that mfa_token, and the code the user's app shows.
curl -X POST 'https://abc.ukwest.cloudapp.azure.com/api/oauth2/token' \
  --data-urlencode 'grant_type=Mfa' \
  --data-urlencode "mfa_token=$VBAZURE_MFA_TOKEN" \
  --data-urlencode "mfa_code=$VBAZURE_MFA_CODE"

# Before the access token expires, trade the refresh_token (14 days by
# default) for new tokens; this takes no multi-factor code.
curl -X POST 'https://abc.ukwest.cloudapp.azure.com/api/oauth2/token' \
  --data-urlencode 'grant_type=Refresh_token' \
  --data-urlencode "refresh_token=$VBAZURE_REFRESH_TOKEN"
