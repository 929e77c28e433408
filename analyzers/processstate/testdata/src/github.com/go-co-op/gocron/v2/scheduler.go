package gocron

import "time"

type JobDefinition interface{}

type Task interface{}

type Job interface{}

type Scheduler interface {
	NewJob(JobDefinition, Task) (Job, error)
	Start()
	Shutdown() error
}

type SchedulerOption func() error

func NewScheduler(options ...SchedulerOption) (Scheduler, error) { return nil, nil }

func DurationJob(d time.Duration) JobDefinition { return nil }

func NewTask(function any, parameters ...any) Task { return nil }
