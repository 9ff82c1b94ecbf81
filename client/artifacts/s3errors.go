package artifacts

import (
	"errors"
	"net"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"mltui/client"
)

// S3 error codes that get their own diagnosis (also client.Error.Code).
const (
	CodeNoSuchBucket          = "NoSuchBucket"
	CodeNoSuchKey             = "NoSuchKey"
	CodeInvalidAccessKeyID    = "InvalidAccessKeyId"
	CodeSignatureDoesNotMatch = "SignatureDoesNotMatch"
	CodeAccessDenied          = "AccessDenied"
	CodeTimeTooSkewed         = "RequestTimeTooSkewed"
	CodeNoCredentials         = "NoCredentials"
)

// s3Error turns an SDK error into a client.Error that says what to do.
func (s *S3Session) s3Error(op, bucket, key string, err error) error {
	where := "s3://" + join(bucket, key)
	e := &client.Error{Kind: client.KindUnavailable, Op: op, Err: err}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		e.Status = re.HTTPStatusCode()
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		e.Code = ae.ErrorCode()
	}
	switch e.Code {
	case CodeNoSuchBucket:
		e.Kind = client.KindNotFound
		e.Message = "bucket " + bucket + " does not exist at " + s.endpointName() + ": check the bucket in the artifact root, or create it"
	case CodeNoSuchKey, "NotFound":
		e.Kind = client.KindNotFound
		e.Message = "no such artifact: " + where
	case CodeInvalidAccessKeyID:
		e.Kind = client.KindUnauthenticated
		e.Message = s.endpointName() + " does not know this access key: check AWS_ACCESS_KEY_ID (or aws_access_key_id in the profile)"
	case CodeSignatureDoesNotMatch:
		e.Kind = client.KindUnauthenticated
		e.Message = "the secret key does not match the access key: check AWS_SECRET_ACCESS_KEY (or aws_secret_access_key in the profile)"
	case CodeAccessDenied, "Forbidden", "AllAccessDisabled":
		e.Kind = client.KindPermissionDenied
		e.Message = "these credentials may not read " + where + ": the bucket or IAM policy must allow s3:ListBucket and s3:GetObject"
	case CodeTimeTooSkewed, "RequestExpired":
		e.Kind = client.KindUnauthenticated
		e.Message = "this machine's clock is too far from the object server's (S3 allows 15 minutes): set the time (timedatectl, chrony or ntpd)"
	case "":
		if isNoCredentials(err) {
			return s.noCredentials(err)
		}
		e.Message = "cannot reach the object server at " + s.endpointName() + ": " + transportReason(err) + s.endpointHint()
	default:
		if ae != nil {
			e.Message = ae.ErrorMessage()
		}
	}
	return e
}

func (s *S3Session) endpointName() string {
	if s.Endpoint != "" {
		return s.Endpoint
	}
	return "AWS S3"
}

func (s *S3Session) endpointHint() string {
	if s.Endpoint != "" {
		return " (check " + s.EndpointFrom + ")"
	}
	return " (set MLFLOW_S3_ENDPOINT_URL for an S3-compatible server such as MinIO)"
}

// noCredentials is the error for a session that found no credentials.
func (s *S3Session) noCredentials(err error) error {
	cred, conf := s.Files()
	return &client.Error{Kind: client.KindUnauthenticated, Op: "s3 credentials", Code: CodeNoCredentials, Err: err,
		Message: "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in " +
			cred + " or " + conf + " (looked for profile " + s.Profile() + ")"}
}

func isNoCredentials(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "failed to retrieve credentials") || strings.Contains(msg, "no EC2 IMDS role found") ||
		strings.Contains(msg, "failed to refresh cached credentials") || strings.Contains(msg, "AnonymousCredentials")
}

func s3ConfigError(err error) error {
	return &client.Error{Kind: client.KindInvalidParameter, Op: "s3 settings", Err: err,
		Message: "the AWS configuration cannot be read: " + err.Error()}
}

// transportReason is the short cause of a network failure.
func transportReason(err error) string {
	var oe *net.OpError
	switch {
	case errors.As(err, &oe) && strings.Contains(oe.Error(), "connection refused"):
		return "connection refused"
	case errors.As(err, &oe) && oe.Timeout():
		return "timed out"
	case errors.As(err, &oe):
		return oe.Err.Error()
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		return msg[i+2:]
	}
	return msg
}
