// Command yingji is an incident-response tool for compromised Linux servers
// and web sites: it collects evidence without changing the target, checks
// the evidence, and (in later commands) analyses it and writes the report.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/buildinfo"
	"github.com/yingji/yingji/internal/oplog"
)

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		s := <-sigs
		fmt.Fprintf(os.Stderr, "\nyingji: %v received: finishing the bundle, press Ctrl-C again to abort at once\n", s)
		cancel(fmt.Errorf("signal %v", s))
		<-sigs
		os.Exit(130)
	}()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit code: 0 success,
// 1 a negative result (a bundle altered, findings), 2 an error, 3 a
// collection that ended incomplete.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:           "yingji",
		Short:         "yingji (应急) — incident response for compromised Linux servers and web sites",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String("oplog", "", "append this command's operations to the operation record FILE (hash-chained JSON Lines)")
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(versionCmd(), collectCmd(), verifyCmd(), scanCmd(), yaraCmd(), webshellCmd(), logsCmd(), timelineCmd(), triageCmd(), reportCmd(), webCmd())
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "yingji:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "yingji:", err)
	return 2
}

// appendOplog appends one record to the file named by --oplog, if given,
// continuing its hash chain.
func appendOplog(cmd *cobra.Command, rec oplog.Record) error {
	p, _ := cmd.Flags().GetString("oplog")
	if p == "" {
		return nil
	}
	host, _ := os.Hostname()
	f, err := oplog.OpenFile(p, oplog.Identity{Operator: oplog.DefaultOperator(), Host: host, Tool: buildinfo.Get().Short()})
	if err != nil {
		return err
	}
	if _, err := f.Append(rec); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
