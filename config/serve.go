package config

// Serve is the config of `mltui serve --ssh`.
type Serve struct {
	// Writers may write in a served session: SSH key fingerprints
	// ("SHA256:…") or authorized_keys comments. Everyone else reads only.
	Writers []string `yaml:"writers,omitempty"`
}
