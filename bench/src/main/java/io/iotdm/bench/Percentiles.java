package io.iotdm.bench;

import org.HdrHistogram.Histogram;

/** p50, p99 and max of a histogram of microseconds; {@code count == 0} when nothing was recorded. */
record Percentiles(long count, long p50Micros, long p99Micros, long maxMicros) {

    static final Percentiles NONE = new Percentiles(0, 0, 0, 0);

    static Percentiles of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Percentiles(
                micros.getTotalCount(),
                micros.getValueAtPercentile(50),
                micros.getValueAtPercentile(99),
                micros.getMaxValue());
    }

    boolean empty() {
        return count == 0;
    }
}
