package dev.enoki.discovery.nodes;

import dev.enoki.EventHandler;
import dev.enoki.Service;

/** A reliable handler that always fails and asks for another try: its events end as dead letters. */
@Service("failing_jobs")
public class FailingJobService {

    @EventHandler(source = "jobs", event = "submitted", requeueOnError = true)
    public void onJob(String id) {
        TestNode.report("EVENT", "failing_jobs.onJob " + id);
        throw new IllegalStateException("job " + id + " cannot be done");
    }
}
