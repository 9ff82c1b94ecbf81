package artifacts

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
)

// S3 settings MLflow's own client reads besides the SDK's AWS_* ones.
const (
	EnvS3Endpoint  = "MLFLOW_S3_ENDPOINT_URL"
	EnvS3IgnoreTLS = "MLFLOW_S3_IGNORE_TLS"
)

// S3Session is what every s3:// root of one process shares: the AWS
// configuration found in the environment and files (as boto3 finds it for
// MLflow), one HTTP transport, and the endpoint. Build it with NewS3Session;
// it is safe for concurrent use.
type S3Session struct {
	getenv func(string) string
	home   string

	once   sync.Once
	cfg    aws.Config
	cfgErr error
	client *s3.Client

	// Endpoint is the object server's URL when one was configured (MinIO,
	// SeaweedFS, a proxy), "" for AWS itself; EndpointFrom names the setting.
	Endpoint, EndpointFrom string
	// IgnoreTLS is MLFLOW_S3_IGNORE_TLS=true: certificates are not checked.
	IgnoreTLS bool
	// ClockOffset signs requests this far from the local clock. Zero in use;
	// tests set it (before the first request) to make a real object server
	// answer RequestTimeTooSkewed, as a machine with a wrong clock would.
	ClockOffset time.Duration
}

// NewS3Session reads the settings through getenv; home is the user's home
// directory for ~/.aws ("" = os.UserHomeDir).
func NewS3Session(getenv func(string) string, home string) *S3Session {
	s := &S3Session{getenv: getenv, home: home}
	for _, k := range []string{EnvS3Endpoint, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"} {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			s.Endpoint, s.EndpointFrom = strings.TrimRight(v, "/"), k
			break
		}
	}
	s.IgnoreTLS = strings.EqualFold(strings.TrimSpace(getenv(EnvS3IgnoreTLS)), "true")
	return s
}

// Profile is the shared-config profile in use (AWS_PROFILE, else "default").
func (s *S3Session) Profile() string {
	if p := s.getenv("AWS_PROFILE"); p != "" {
		return p
	}
	return "default"
}

// Files are the shared credentials and config files the SDK reads.
func (s *S3Session) Files() (credentialsFile, configFile string) {
	home := s.home
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	credentialsFile = s.getenv("AWS_SHARED_CREDENTIALS_FILE")
	if credentialsFile == "" {
		credentialsFile = filepath.Join(home, ".aws", "credentials")
	}
	configFile = s.getenv("AWS_CONFIG_FILE")
	if configFile == "" {
		configFile = filepath.Join(home, ".aws", "config")
	}
	return credentialsFile, configFile
}

// load builds the SDK configuration once. Credentials in the environment
// win, then the profile's (AWS_PROFILE) in the shared files, then the
// SDK's other sources (SSO, web identity, the instance role), as in boto3.
func (s *S3Session) load(ctx context.Context) (aws.Config, *s3.Client, error) {
	s.once.Do(func() {
		credFile, confFile := s.Files()
		opts := []func(*config.LoadOptions) error{
			config.WithDefaultRegion("us-east-1"), // boto3's answer for S3 when nothing says
			config.WithSharedCredentialsFiles([]string{credFile}),
			config.WithSharedConfigFiles([]string{confFile}),
			config.WithHTTPClient(s.httpClient()),
			// The SDK logs to the process's stderr by default, which under the dashboard is drawn
			// over the screen; what goes wrong reaches the user as the request's error instead.
			config.WithLogger(logging.Nop{}),
			// Third-party object servers do not all send or check the newer
			// checksums; MLflow's boto3 does not need them either.
			config.WithResponseChecksumValidation(aws.ResponseChecksumValidationWhenRequired),
			config.WithRequestChecksumCalculation(aws.RequestChecksumCalculationWhenRequired),
		}
		// Only a profile asked for must exist; boto3 reads "default" when
		// there is one and goes on without it when there is not.
		if p := s.getenv("AWS_PROFILE"); p != "" {
			opts = append(opts, config.WithSharedConfigProfile(p))
		}
		if r := firstEnv(s.getenv, "AWS_REGION", "AWS_DEFAULT_REGION"); r != "" {
			opts = append(opts, config.WithRegion(r))
		}
		if id, secret := s.getenv("AWS_ACCESS_KEY_ID"), s.getenv("AWS_SECRET_ACCESS_KEY"); id != "" && secret != "" {
			p := credentials.NewStaticCredentialsProvider(id, secret, s.getenv("AWS_SESSION_TOKEN"))
			p.Value.Source = config.CredentialsSourceName
			opts = append(opts, config.WithCredentialsProvider(p))
		}
		s.cfg, s.cfgErr = config.LoadDefaultConfig(ctx, opts...)
		if s.cfgErr != nil {
			return
		}
		s.client = s3.NewFromConfig(s.cfg, func(o *s3.Options) {
			if s.Endpoint != "" {
				o.BaseEndpoint = aws.String(s.Endpoint)
				// Object servers other than AWS seldom have per-bucket DNS.
				o.UsePathStyle = true
			}
			if s.ClockOffset != 0 {
				o.HTTPSignerV4 = skewedSigner{v4.NewSigner(func(so *v4.SignerOptions) {
					so.DisableURIPathEscaping = true // as the S3 client's own signer
				}), s.ClockOffset}
			}
		})
	})
	return s.cfg, s.client, s.cfgErr
}

// httpClient is the SDK's buildable client (so AWS_CA_BUNDLE can still add
// its certificates) with interactive timeouts.
func (s *S3Session) httpClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().WithDialerOptions(func(d *net.Dialer) {
		d.Timeout, d.KeepAlive = 10*time.Second, 30*time.Second
	}).WithTransportOptions(func(tr *http.Transport) {
		tr.ResponseHeaderTimeout = 60 * time.Second
		if s.IgnoreTLS {
			if tr.TLSClientConfig == nil {
				tr.TLSClientConfig = &tls.Config{}
			}
			tr.TLSClientConfig.InsecureSkipVerify = true //nolint:gosec // asked for by MLFLOW_S3_IGNORE_TLS
		}
	})
}

func firstEnv(getenv func(string) string, keys ...string) string {
	for _, k := range keys {
		if v := getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// Region is the region requests are signed for.
func (s *S3Session) Region(ctx context.Context) string {
	cfg, _, err := s.load(ctx)
	if err != nil {
		return ""
	}
	return cfg.Region
}

// CredentialSource says where the credentials came from, by the names of
// the variables or files, never their values: "environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)", "shared credentials file
// /home/me/.aws/credentials, profile dev", "instance role". An error means
// none were found (or a source failed); its message says what to set.
func (s *S3Session) CredentialSource(ctx context.Context) (string, error) {
	cfg, _, err := s.load(ctx)
	if err != nil {
		return "", s3ConfigError(err)
	}
	if cfg.Credentials == nil {
		return "", s.noCredentials(nil)
	}
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	c, err := cfg.Credentials.Retrieve(cctx)
	if err != nil {
		return "", s.noCredentials(err)
	}
	return s.describeSource(c.Source), nil
}

func (s *S3Session) describeSource(src string) string {
	switch {
	case src == config.CredentialsSourceName:
		names := "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"
		if s.getenv("AWS_SESSION_TOKEN") != "" {
			names += ", AWS_SESSION_TOKEN"
		}
		return "environment (" + names + ")"
	case strings.HasPrefix(src, "SharedConfigCredentials:"):
		return "shared file " + strings.TrimSpace(strings.TrimPrefix(src, "SharedConfigCredentials:")) + ", profile " + s.Profile()
	case src == "EC2RoleProvider":
		return "the instance role (EC2 metadata)"
	case src == "CredentialsEndpointProvider":
		return "the container credentials endpoint"
	case strings.Contains(src, "SSO"):
		return "SSO, profile " + s.Profile()
	case strings.Contains(src, "WebIdentity"):
		return "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)"
	case src == "":
		return "the AWS SDK's default chain"
	}
	return src
}

// skewedSigner signs with a shifted clock (see ClockOffset).
type skewedSigner struct {
	inner  *v4.Signer
	offset time.Duration
}

func (k skewedSigner) SignHTTP(ctx context.Context, creds aws.Credentials, r *http.Request, payloadHash, service, region string,
	t time.Time, opts ...func(*v4.SignerOptions)) error {
	return k.inner.SignHTTP(ctx, creds, r, payloadHash, service, region, t.Add(k.offset), opts...)
}
