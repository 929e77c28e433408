// Package realworld re-runs stateaudit on a corpus of public repositories
// checked out at fixed commits and compares what it reports with the
// verdicts a person gave each finding after reading the code
// (testdata/realworld/verdicts.tsv). It is how precision is measured and
// held; see docs/accuracy.md.
//
// The trees are not part of this repository. Point STATEAUDIT_CORPUS at a
// directory that holds them (one checkout per line of corpus.tsv, named as
// its second column) and run `make realworld`; without it the test skips.
package realworld
