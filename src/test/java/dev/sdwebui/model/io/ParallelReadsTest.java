package dev.sdwebui.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Multi-threaded tensor reads: same tensors, same order as one thread; a failure closes what was read. */
class ParallelReadsTest {

    private static final Path TINY = Path.of("../shared/reference/sd1-tiny");

    @ParameterizedTest
    @ValueSource(strings = {"tiny-fp16.safetensors", "tiny-fp16.ckpt", "tiny-fp32.safetensors"})
    void threeThreadsReadExactlyWhatOneThreadReads(String name) throws Exception {
        Path file = TINY.resolve(name);
        try (NDManager root = NDManager.newBaseManager();
             StateDict one = WeightsReader.read(file, root, ReadOptions.defaults().withThreads(1));
             StateDict three = WeightsReader.read(file, root, ReadOptions.defaults().withThreads(3))) {
            assertThat(new ArrayList<>(three.keys())).containsExactlyElementsOf(one.keys());
            for (String k : one.keys()) {
                NDArray a = one.get(k);
                NDArray b = three.get(k);
                assertThat(b.getDataType()).as(k).isEqualTo(a.getDataType());
                assertThat(b.getShape()).as(k).isEqualTo(a.getShape());
                assertThat(b.toByteBuffer()).as(k).isEqualTo(a.toByteBuffer());
            }
        }
    }

    @Test
    void aFailureClosesTheTensorsAlreadyReadAndIsRethrown() throws Exception {
        try (NDManager root = NDManager.newBaseManager()) {
            failingRead(root);
        }
    }

    private static void failingRead(NDManager root) throws Exception {
        List<NDArray> made = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch othersDone = new CountDownLatch(5);
        Map<String, ParallelReads.Task> tasks = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            tasks.put("t" + i, new ParallelReads.Task(10 + i, f -> {
                NDArray a = root.zeros(new ai.djl.ndarray.types.Shape(4));
                made.add(a);
                othersDone.countDown();
                return a;
            }));
        }
        // the smallest task runs last (queue is largest first) and fails after the others succeeded
        tasks.put("failing", new ParallelReads.Task(1, f -> {
            try {
                othersDone.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("disk on fire");
        }));
        assertThatThrownBy(() -> ParallelReads.run(tasks, () -> null, 2))
                .isInstanceOf(IOException.class).hasMessage("disk on fire");
        assertThat(made).hasSize(5).allMatch(NDArray::isReleased);
    }

    @Test
    void threadsMustBePositive() {
        assertThatThrownBy(() -> ReadOptions.defaults().withThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
