package testenv

// NoServeArtifacts starts the server with `--no-serve-artifacts --default-artifact-root root`:
// its artifact proxy is off and clients read new experiments' artifacts from root themselves,
// while the golden runs still hold mlflow-artifacts: URIs that only the proxy could read.
func NoServeArtifacts(root string) Option {
	return func(o *serverOptions) { o.defaultArtifactRoot = root }
}

// ProxyArtifactsTo starts the server with `--serve-artifacts --artifacts-destination` the object
// server's bucket (the seed's mode (a)): new experiments hold mlflow-artifacts: URIs and the
// server reads and writes o for its clients.
func ProxyArtifactsTo(o *ObjectStore) Option {
	return func(so *serverOptions) {
		so.artifactDestination = o.ArtifactRoot("")
		so.env = append(so.env, o.Env()...)
	}
}
