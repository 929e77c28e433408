package main

import (
	"context"
	"log"
	"net/http"
	"time"

	gocronv1 "github.com/go-co-op/gocron"
	"github.com/go-co-op/gocron/v2"
	"github.com/robfig/cron/v3"
)

func cleanup() {}

func main() {
	// Fires: robfig/cron with a job.
	c := cron.New() // want `scheduled jobs of cron.New run once per replica, not once per service`
	c.AddFunc("@hourly", cleanup)
	c.Start()

	// Fires: gocron v1 chained, through an alias.
	s := gocronv1.NewScheduler(time.UTC) // want `scheduled jobs of gocron.NewScheduler run once per replica, not once per service`
	s.Every(1).Hour().Do(cleanup)
	s.StartAsync()

	// Fires: gocron v2.
	s2, _ := gocron.NewScheduler() // want `scheduled jobs of gocron.NewScheduler run once per replica, not once per service`
	s2.NewJob(gocron.DurationJob(time.Minute), gocron.NewTask(cleanup))
	s2.Start()

	// Quiet: a scheduler nobody gives a job or starts.
	idle := cron.New()
	_ = idle.Entries()

	// Fires: a ticker loop doing work in a goroutine of a serving main.
	go func() {
		t := time.NewTicker(time.Minute) // want `periodic work driven by time.NewTicker runs once per replica, not once per service`
		defer t.Stop()
		for range t.C {
			cleanup()
		}
	}()

	// Fires: select over a ticker channel.
	go func(ctx context.Context) {
		tick := time.NewTicker(time.Second) // want `periodic work driven by time.NewTicker runs once per replica, not once per service`
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				log.Println("sweeping")
			}
		}
	}(context.Background())

	// Fires: time.Tick in a range.
	go func() {
		for now := range time.Tick(time.Hour) { // want `periodic work driven by time.Tick runs once per replica, not once per service`
			log.Println(now)
		}
	}()

	// Fires: a bare receive paces a loop that does work.
	go func() {
		pace := time.NewTicker(time.Minute) // want `periodic work driven by time.NewTicker runs once per replica, not once per service`
		for {
			<-pace.C
			cleanup()
		}
	}()

	// Quiet: a timer used as a timeout, and a ticker whose tick only stops the wait.
	timeout := time.NewTimer(5 * time.Second)
	deadline := time.NewTicker(time.Second)
	select {
	case <-timeout.C:
	case <-deadline.C:
		return
	}

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
