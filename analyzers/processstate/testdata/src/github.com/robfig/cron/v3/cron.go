package cron

type EntryID int

type Option func(*Cron)

type Cron struct{}

func New(opts ...Option) *Cron { return &Cron{} }

func (c *Cron) AddFunc(spec string, cmd func()) (EntryID, error) { return 0, nil }

func (c *Cron) Start() {}

func (c *Cron) Stop() {}

func (c *Cron) Entries() []EntryID { return nil }
