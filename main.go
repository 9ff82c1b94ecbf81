// Command mltui is a terminal dashboard for MLflow.
package main

import (
	"context"
	"os"

	"mltui/cli"
)

func main() {
	os.Exit(cli.Execute(context.Background(), os.Args[1:]))
}
