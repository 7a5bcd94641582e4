package dev.enoki.demo.timer;

import dev.enoki.Service;
import dev.enoki.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Nameko's timer example: {@code ping} every second. */
@Service("service")
public class TimerService {
    private static final Logger log = LoggerFactory.getLogger(TimerService.class);

    @Timer(every = "1s")
    public String ping() {
        log.info("pong");
        return "pong";
    }
}
