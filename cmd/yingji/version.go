package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/buildinfo"
)

func versionCmd() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit, Go version and SHA-256 of this binary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if asJSON {
				b, _ := json.MarshalIndent(buildinfo.ToolRecord(), "", "  ")
				fmt.Fprintln(cmd.OutOrStdout(), string(b))
				return nil
			}
			fmt.Fprint(cmd.OutOrStdout(), buildinfo.Get().String())
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the tool record as JSON")
	return c
}
