package io.iotdm.jobs;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

class JobsBeans {

    /** The time of every job and execution date and of the rollout's rate windows; tests set their own. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
