package dev.sdwebui.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sdwebui.device.AttentionMode;
import dev.sdwebui.tensor.script.TorchOps;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every backend computes the same attention as the plain one, and the split/chunked ones bound their
 * largest temporary (the score slice) by their settings, on a 4096-token attention (the SD 1.5
 * 512x512 first level: 8 heads of 40 channels).
 */
class AttentionBackendsTest {

    private static final int HEADS = 8;
    private static final long TOKENS = 4096;
    private static NDManager manager;
    private static TorchOps ops;
    private static NDArray q;
    private static NDArray k;
    private static NDArray v;
    private static NDArray expected;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
        JniUtils.setGradMode(false);
        ops = TorchOps.load(manager);
        JniUtils.setSeed(7);
        q = manager.randomNormal(new Shape(1, TOKENS, HEADS * 40));
        k = manager.randomNormal(new Shape(1, TOKENS, HEADS * 40));
        v = manager.randomNormal(new Shape(1, TOKENS, HEADS * 40));
        expected = new PlainAttention().attend(q, k, v, HEADS, false);
    }

    @AfterAll
    static void tearDown() {
        ops.close();
        manager.close();
    }

    static double relErr(NDArray actual, NDArray exp) {
        assertThat(actual.getShape()).isEqualTo(exp.getShape());
        return actual.sub(exp).abs().max().getFloat() / exp.abs().max().getFloat();
    }

    private static long checkAndLargest(AttentionBackend b, AtomicLong largest) {
        try (NDManager m = manager.newSubManager()) {
            q.tempAttach(m);
            NDArray out = b.attend(q, k, v, HEADS, false);
            assertThat(relErr(out, expected)).as(b.name()).isLessThan(1e-5);
        }
        return largest.get();
    }

    private static TempProbe recorder(AtomicLong largest) {
        return (what, shape) -> largest.accumulateAndGet(shape.size(), Math::max);
    }

    @ParameterizedTest
    @EnumSource(AttentionMode.class)
    void everyModeMatchesPlainAtDefaultSettings(AttentionMode mode) {
        AttentionEnvironment env = new AttentionEnvironment(false, false, () -> 16L << 30, SubQuadChunks.defaults());
        checkAndLargest(AttentionBackends.create(mode, ops, env), new AtomicLong());
    }

    @Test
    void v1NeverHoldsMoreThanTwoHeadsOfScores() {
        AtomicLong largest = new AtomicLong();
        long max = checkAndLargest(new SplitV1Attention(recorder(largest)), largest);
        assertThat(max).isEqualTo(2 * TOKENS * TOKENS);
    }

    @Test
    void doggettxSlicesToFitTheFreeMemory() {
        long free = 256L << 20;
        AtomicLong largest = new AtomicLong();
        long max = checkAndLargest(new DoggettxAttention(() -> free, recorder(largest)), largest);
        // required = 8*4096*4096*4*2.5 = 1.34 GB -> 8 slices of 512 queries
        assertThat(DoggettxAttention.steps(HEADS, TOKENS, TOKENS, free)).isEqualTo(8);
        assertThat(max).isEqualTo(HEADS * 512 * TOKENS);
        assertThat(max * 4 * 2.5).isLessThanOrEqualTo(free);
    }

    @Test
    void doggettxRefusesWhenMoreThan64SlicesWouldBeNeeded() {
        assertThatThrownBy(() -> DoggettxAttention.steps(16, 4096, 4096, 1L << 20))
                .hasMessageStartingWith("Not enough memory, use lower resolution (max approx.");
    }

    @Test
    void invokeAiKeepsSlicesUnder32MiBOnCpu() {
        AtomicLong largest = new AtomicLong();
        long max = checkAndLargest(InvokeAiAttention.cpu(recorder(largest)), largest);
        // size_mb = 512 -> div = 1 << bit_length(511 // 32 = 15) = 16 > BH 8 -> query slices of 256
        assertThat(max).isEqualTo(HEADS * 256 * TOKENS);
        assertThat(max * 4).isLessThanOrEqualTo(32L << 20);
    }

    @Test
    void subQuadraticBoundsScoresByQueryAndKeyChunks() {
        AtomicLong largest = new AtomicLong();
        SubQuadChunks chunks = new SubQuadChunks(1024, 512, 0);
        long max = checkAndLargest(new SubQuadraticAttention(chunks, () -> 16L << 30, recorder(largest)), largest);
        assertThat(max).isEqualTo(HEADS * 1024 * 512);
    }

    @Test
    void subQuadraticFollowsA1111ChunkDefaults() {
        SubQuadraticAttention sq = new SubQuadraticAttention(new SubQuadChunks(1024, null, 0), () -> 0L, TempProbe.NONE);
        assertThat(sq.kvChunkSize(16, 4096, 4096, 40, 40)).isEqualTo(64); // sqrt(4096)
        SubQuadraticAttention byFree = new SubQuadraticAttention(SubQuadChunks.defaults(), () -> 10L << 30, TempProbe.NONE);
        assertThat(byFree.kvChunkSize(16, 4096, 4096, 40, 40)).isEqualTo(4096); // 1 GiB of scores < 70% of 10 GiB
        SubQuadraticAttention tight = new SubQuadraticAttention(new SubQuadChunks(1024, null, 10), () -> 1L << 30, TempProbe.NONE);
        // threshold 107 MB < 1 GiB: chunked; kv_chunk_size_min = 107374182 // (16*4*80) = 20971
        assertThat(tight.kvChunkSize(16, 4096, 4096, 40, 40)).isEqualTo(20971);
    }

    @Test
    void causalAttentionFallsBackToPlainInSplitBackends() {
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.randomNormal(new Shape(2, 77, 64));
            NDArray b = m.randomNormal(new Shape(2, 77, 64));
            NDArray c = m.randomNormal(new Shape(2, 77, 64));
            NDArray ref = new PlainAttention().attend(a, b, c, 4, true);
            NDArray got = new SplitV1Attention().attend(a, b, c, 4, true);
            assertThat(relErr(got, ref)).isLessThan(1e-6);
            assertThat(relErr(new SdpNoMemAttention(ops).attend(a, b, c, 4, true), ref)).isLessThan(1e-5);
        }
    }

    @Test
    void bf16SdpaIsCloseButNotExact() {
        try (NDManager m = manager.newSubManager()) {
            q.tempAttach(m);
            double err = relErr(new Bf16SdpaAttention(new dev.sdwebui.tensor.script.KernelChecks(ops)).attend(q, k, v, HEADS, false), expected);
            assertThat(err).isGreaterThan(1e-6).isLessThan(3e-2);
        }
    }

    @Test
    void switchableFollowsItsSupplier() {
        var mode = new java.util.concurrent.atomic.AtomicReference<>(AttentionMode.SDP);
        AttentionEnvironment env = new AttentionEnvironment(false, false, () -> 16L << 30, SubQuadChunks.defaults());
        SwitchableAttention sw = new SwitchableAttention(mode::get, md -> AttentionBackends.create(md, ops, env));
        assertThat(sw.name()).isEqualTo("sdpa");
        mode.set(AttentionMode.V1);
        assertThat(sw.name()).isEqualTo("V1");
        assertThat(sw.current()).isInstanceOf(SplitV1Attention.class);
    }
}
