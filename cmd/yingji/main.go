// Command yingji is an incident-response tool for compromised Linux servers
// and web sites: it collects evidence without changing the target, checks
// the evidence, and (in later commands) analyses it and writes the report.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
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

	root := &cobra.Command{
		Use:           "yingji",
		Short:         "yingji (应急) — incident response for compromised Linux servers and web sites",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(versionCmd(), collectCmd(), verifyCmd())
	err := root.ExecuteContext(ctx)
	if err == nil {
		return
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(os.Stderr, "yingji:", ee.err)
		}
		os.Exit(ee.code)
	}
	fmt.Fprintln(os.Stderr, "yingji:", err)
	os.Exit(2)
}
