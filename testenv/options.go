package testenv

// NoServeArtifacts starts the server with `--no-serve-artifacts --default-artifact-root root`:
// its artifact proxy is off and clients read new experiments' artifacts from root themselves,
// while the golden runs still hold mlflow-artifacts: URIs that only the proxy could read.
func NoServeArtifacts(root string) Option {
	return func(o *serverOptions) { o.defaultArtifactRoot = root }
}
