package gocron

import "time"

type Job struct{}

type Scheduler struct{}

func NewScheduler(loc *time.Location) *Scheduler { return &Scheduler{} }

func (s *Scheduler) Every(interval any) *Scheduler { return s }

func (s *Scheduler) Hour() *Scheduler { return s }

func (s *Scheduler) Do(jobFun any, params ...any) (*Job, error) { return nil, nil }

func (s *Scheduler) StartAsync() {}
