// Package crashtest holds the crash-consistency test of the ingest path:
// it builds the vanthu binary, runs `vanthu serve` as a real process, kills
// it with SIGKILL at random points of a bulk upload (while documents are
// also being entered in the incoming register), restarts it and checks
// that nothing acknowledged was lost or damaged. See crash_test.go.
package crashtest
