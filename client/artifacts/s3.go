package artifacts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"mltui/client"
)

// S3 is an artifact root in an S3 bucket (s3://bucket/prefix), read with
// the session's credentials, as MLflow's client reads one when the server
// runs with --no-serve-artifacts.
type S3 struct {
	sess           *S3Session
	Bucket, Prefix string
}

// S3Root parses s3://bucket/prefix for sess.
func (sess *S3Session) Root(uri string) (*S3, error) {
	u, err := url.Parse(uri)
	if err != nil || !strings.EqualFold(u.Scheme, "s3") || u.Host == "" {
		return nil, &client.Error{Kind: client.KindInvalidParameter, Op: "artifacts",
			Message: "not an s3://bucket/prefix URI: " + redactURI(uri)}
	}
	return &S3{sess: sess, Bucket: u.Host, Prefix: strings.Trim(u.Path, "/")}, nil
}

// URI is the root as s3://bucket/prefix.
func (r *S3) URI() string { return "s3://" + join(r.Bucket, r.Prefix) }

// List implements Repo: one level, with "/" as the folder separator.
func (r *S3) List(ctx context.Context, rel string) ([]client.FileInfo, error) {
	const op = "list artifacts"
	clean, err := CleanRel(op, rel)
	if err != nil {
		return nil, err
	}
	_, c, err := r.sess.load(ctx)
	if err != nil {
		return nil, s3ConfigError(err)
	}
	prefix := join(r.Prefix, clean)
	if prefix != "" {
		prefix += "/"
	}
	in := &s3.ListObjectsV2Input{Bucket: aws.String(r.Bucket), Prefix: aws.String(prefix), Delimiter: aws.String("/")}
	var out []client.FileInfo
	for p := s3.NewListObjectsV2Paginator(c, in); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, r.sess.s3Error(op, r.Bucket, prefix, err)
		}
		for _, cp := range page.CommonPrefixes {
			name := strings.TrimSuffix(strings.TrimPrefix(aws.ToString(cp.Prefix), prefix), "/")
			if name != "" {
				out = append(out, client.FileInfo{Path: join(clean, name), IsDir: true})
			}
		}
		for _, o := range page.Contents {
			name := strings.TrimPrefix(aws.ToString(o.Key), prefix)
			if name == "" || strings.Contains(name, "/") { // the folder's own marker object
				continue
			}
			out = append(out, client.FileInfo{Path: join(clean, name), FileSize: aws.ToInt64(o.Size)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Open implements Repo with a ranged GET.
func (r *S3) Open(ctx context.Context, rel string, off, n int64) (*client.ArtifactFile, error) {
	const op = "read artifact"
	clean, err := CleanFile(rel)
	if err != nil {
		return nil, err
	}
	_, c, err := r.sess.load(ctx)
	if err != nil {
		return nil, s3ConfigError(err)
	}
	key := join(r.Prefix, clean)
	in := &s3.GetObjectInput{Bucket: aws.String(r.Bucket), Key: aws.String(key)}
	want := n
	if want == 0 {
		want = 1 // a zero-length read still learns the size and that the file exists
	}
	if rng := ByteRange(off, want); rng != "" {
		in.Range = aws.String(rng)
	}
	out, err := c.GetObject(ctx, in)
	if err != nil {
		return nil, r.sess.s3Error(op, r.Bucket, key, err)
	}
	length := int64(-1)
	if out.ContentLength != nil {
		length = *out.ContentLength
	}
	f, err := Ranged(out.Body, aws.ToString(out.ContentRange), length, off, n)
	if err != nil {
		return nil, r.sess.s3Error(op, r.Bucket, key, err)
	}
	return f, nil
}

// ByteRange is the HTTP Range for [off, off+n), "" for the whole file.
func ByteRange(off, n int64) string {
	switch {
	case off <= 0 && n < 0:
		return ""
	case n < 0:
		return fmt.Sprintf("bytes=%d-", off)
	}
	return fmt.Sprintf("bytes=%d-%d", max(off, 0), max(off, 0)+n-1)
}

// totalFromContentRange reads the total of "bytes 0-9/1234".
func totalFromContentRange(cr string) (int64, bool) {
	i := strings.LastIndexByte(cr, '/')
	if i < 0 || !strings.HasPrefix(cr, "bytes ") {
		return 0, false
	}
	n, err := strconv.ParseInt(cr[i+1:], 10, 64)
	return n, err == nil
}

// Ranged turns the body of a ranged GET into the part [off, off+n) that was
// asked for: a 206 (Content-Range set) is that part already; a server that
// ignored the Range sent the whole file, which is skipped forward to off.
// length is the body's Content-Length (-1 unknown). The body is closed on
// error.
func Ranged(body io.ReadCloser, contentRange string, length, off, n int64) (*client.ArtifactFile, error) {
	if total, ok := totalFromContentRange(contentRange); ok {
		return &client.ArtifactFile{ReadCloser: limited(body, n), Size: total}, nil
	}
	if off > 0 {
		if _, err := io.CopyN(io.Discard, body, off); err != nil {
			body.Close()
			if errors.Is(err, io.EOF) {
				return nil, &client.Error{Kind: client.KindInvalidParameter, Op: "read artifact",
					Message: fmt.Sprintf("offset %d is past the end of the file", off)}
			}
			return nil, err
		}
	}
	return &client.ArtifactFile{ReadCloser: limited(body, n), Size: length}, nil
}
