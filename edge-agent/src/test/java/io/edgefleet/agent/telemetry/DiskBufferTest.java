package io.edgefleet.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskBufferTest {

    @TempDir
    Path dir;

    /** A 100-byte batch that records its number and the counters it was written with. */
    private static DiskBuffer.BatchWriter batch() {
        return (stream, seq, batches, items) -> String.format("%-100s",
                seq + " " + batches + " " + items).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(DiskBuffer.Entry entry) {
        return new String(entry.payload(), StandardCharsets.UTF_8).trim();
    }

    private static List<Long> drain(DiskBuffer buffer) {
        List<Long> seqs = new ArrayList<>();
        while (buffer.size() > 0) {
            DiskBuffer.Entry entry = buffer.oldest().orElseThrow();
            seqs.add(entry.seq());
            buffer.remove(entry.seq());
        }
        return seqs;
    }

    @Test
    void batchesAreNumberedFromZeroAndComeOutOldestFirst() throws Exception {
        DiskBuffer buffer = DiskBuffer.open(dir, 10_000);
        for (int i = 0; i < 5; i++) {
            buffer.append(batch(), 3);
        }

        assertThat(buffer.stream()).matches("^[a-z0-9-]{8,64}$");
        assertThat(buffer.bytes()).isEqualTo(500);
        assertThat(drain(buffer)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(buffer.bytes()).isZero();
    }

    @Test
    void whenFullTheOldestAreDroppedAndCountedInTheFollowingBatches() throws Exception {
        DiskBuffer buffer = DiskBuffer.open(dir, 350);
        for (int i = 0; i < 10; i++) {
            buffer.append(batch(), 7);
        }

        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.droppedBatches()).isEqualTo(7);
        assertThat(buffer.droppedItems()).isEqualTo(49);
        DiskBuffer.Entry oldest = buffer.oldest().orElseThrow();
        // batch 7 was written when batches 0-3 had been dropped (the 4th went when 7 itself was stored)
        assertThat(text(oldest)).isEqualTo("7 4 28");
        assertThat(drain(buffer)).containsExactly(7L, 8L, 9L);
    }

    @Test
    void aBatchBeingSentIsNotDroppedWhileItsAcknowledgementIsAwaited() throws Exception {
        DiskBuffer buffer = DiskBuffer.open(dir, 250);
        buffer.append(batch(), 1);
        buffer.append(batch(), 1);
        DiskBuffer.Entry inFlight = buffer.oldest().orElseThrow();

        buffer.append(batch(), 1);
        buffer.append(batch(), 1);

        assertThat(inFlight.seq()).isZero();
        assertThat(buffer.droppedBatches()).isEqualTo(2);
        assertThat(drain(buffer)).containsExactly(0L, 3L);
    }

    @Test
    void theNewestBatchIsKeptEvenWhenItAloneExceedsTheLimit() throws Exception {
        DiskBuffer buffer = DiskBuffer.open(dir, 50);
        buffer.append(batch(), 2);
        buffer.append(batch(), 2);

        assertThat(buffer.size()).isEqualTo(1);
        assertThat(buffer.droppedBatches()).isEqualTo(1);
        assertThat(drain(buffer)).containsExactly(1L);
    }

    @Test
    void streamNumbersCountersAndWaitingBatchesSurviveAReopen() throws Exception {
        DiskBuffer first = DiskBuffer.open(dir, 350);
        for (int i = 0; i < 5; i++) {
            first.append(batch(), 2);
        }
        first.remove(first.oldest().orElseThrow().seq());
        first.countDropped(11);
        first.append(batch(), 2);

        DiskBuffer again = DiskBuffer.open(dir, 350);

        assertThat(again.stream()).isEqualTo(first.stream());
        assertThat(again.nextSeq()).isEqualTo(6);
        assertThat(again.droppedBatches()).isEqualTo(first.droppedBatches()).isEqualTo(2);
        assertThat(again.droppedItems()).isEqualTo(4 + 11);
        assertThat(again.bytes()).isEqualTo(300);
        assertThat(drain(again)).containsExactly(3L, 4L, 5L);
        again.append(batch(), 1);
        assertThat(text(again.oldest().orElseThrow())).isEqualTo("6 2 15");
    }

    @Test
    void aNewDirectoryGetsANewStream() throws Exception {
        assertThat(DiskBuffer.open(dir.resolve("a"), 100).stream())
                .isNotEqualTo(DiskBuffer.open(dir.resolve("b"), 100).stream());
    }
}
