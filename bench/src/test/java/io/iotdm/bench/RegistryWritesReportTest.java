package io.iotdm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class RegistryWritesReportTest {

    @Test
    void percentilesComeFromTheHistogramInMicroseconds() {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        for (int v = 1; v <= 100; v++) {
            micros.recordValue(v * 1_000L); // 1 ms .. 100 ms
        }

        Percentiles p = Percentiles.of(micros);

        assertThat(p.count()).isEqualTo(100);
        assertThat(RegistryWritesReport.ms(p.p50Micros())).isEqualTo("50.0");
        assertThat(RegistryWritesReport.ms(p.p99Micros())).isEqualTo("99.0");
        assertThat(RegistryWritesReport.ms(p.maxMicros())).isEqualTo("100.0");
        assertThat(Percentiles.of(new Histogram(3))).isEqualTo(Percentiles.NONE);
    }

    @Test
    void rowHasTheRateRatioAndLagColumns() {
        RegistryWritesReport report = report(true, 10_000.0);

        assertThat(report.writesPerSecond()).isEqualTo(2_500.0);
        assertThat(report.ratio()).isEqualTo(0.25);
        assertThat(report.markdownRow())
                .isEqualTo("| registry-writes | 2026-11-26 | 20000 things (40000 writes) | 64 | 2,500 | 12.3 | 45.6 "
                        + "| 78.9 | 0 | 10,000 | 0.25 | 30.0 | 150.0 | 40000 / 40000 |");
        assertThat(RegistryWritesReport.markdownHeader()
                        .lines()
                        .findFirst()
                        .orElseThrow()
                        .split("\\|"))
                .hasSize(report.markdownRow().split("\\|").length);
    }

    @Test
    void missingPartsAreDashesNotZeros() {
        RegistryWritesReport report = report(false, 0);

        assertThat(report.ratio()).isNaN();
        assertThat(report.markdownRow()).endsWith("| – | – | – | – | not watched |");
        assertThat(report.humanBlock())
                .contains("raw PG     not run")
                .contains("kafka      not watched")
                .contains("met: writes/s >= 2,000")
                .contains("met: p99 <= 50 ms")
                .contains("MISSED: ratio >= 0.3")
                .contains("MISSED: event lag p99 <= 200 ms");
    }

    private static RegistryWritesReport report(boolean kafka, double rawRowsPerSecond) {
        Percentiles latency = new Percentiles(40_000, 12_300, 45_600, 78_900);
        return new RegistryWritesReport(
                "2026-11-26",
                20_000,
                64,
                40_000,
                0,
                16.0,
                latency,
                latency,
                latency,
                40_000,
                rawRowsPerSecond,
                latency,
                kafka,
                40_000,
                kafka ? 40_000 : 0,
                0,
                0,
                kafka ? new Percentiles(40_000, 30_000, 150_000, 190_000) : Percentiles.NONE,
                8.0,
                95.0,
                "fsync=on, synchronous_commit=on");
    }
}
