package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/oplog"
)

func verifyCmd() *cobra.Command {
	var (
		head   string
		asJSON bool
	)
	c := &cobra.Command{
		Use:   "verify BUNDLE",
		Short: "Check a bundle's members against its manifest and its operation record chain",
		Long: `Check every member of a bundle against the manifest, the manifest against the
seal record, and the whole hash chain of the operation record. Exit 0 when the
bundle is intact, 1 when something was altered, removed or added (the first
culprit is named), 2 when it cannot be read. With --head, the chain must end in
the hash noted down when the bundle was made.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := bundle.Open(args[0])
			if err != nil {
				return &exitError{2, err}
			}
			defer r.Close()
			rep, err := r.Verify(head)
			if err != nil {
				return &exitError{2, err}
			}
			rec := oplog.Record{Action: "bundle.verify", Target: args[0], Result: oplog.OK,
				Detail: map[string]any{"intact": rep.Intact, "head": rep.Head, "members": rep.Members, "records": rep.Records, "status": rep.Status}}
			if !rep.Intact {
				rec.Result, rec.Error = oplog.Error, "altered: "+rep.Culprit
			}
			if err := appendOplog(cmd, rec); err != nil {
				return &exitError{2, err}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				b, _ := json.MarshalIndent(rep, "", "  ")
				fmt.Fprintln(out, string(b))
			} else if rep.Intact {
				fmt.Fprintf(out, "OK: %s is intact: %d members, %d operation records, head %s\nbundle status: %s %s\n",
					args[0], rep.Members, rep.Records, rep.Head, rep.Status, rep.Reason)
			} else {
				fmt.Fprintf(out, "ALTERED: %s: first culprit: %s\n", args[0], rep.Culprit)
				for _, p := range rep.Problems {
					fmt.Fprintln(out, "  -", p)
				}
			}
			if !rep.Intact {
				return &exitError{1, nil}
			}
			return nil
		},
	}
	c.Flags().StringVar(&head, "head", "", "expected hash of the last operation record, as printed by collect")
	c.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return c
}
