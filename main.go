// Command mltui is a terminal dashboard for MLflow.
package main

import (
	"context"
	"os"

	"mltui/cli"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	os.Exit(cli.Execute(context.Background(), os.Args[1:], version))
}
