package dev.sdwebui.model.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What real training checkpoints carry besides tensors (Lightning wrapper, numpy scalars, callbacks,
 * sets, protocol-4 framing), and a fuzz run: any corrupted pickle or zip must end in a tensor dict or a
 * WeightsFormatException, never another exception or a JVM crash.
 */
class CkptRobustnessTest {

    private static NDManager root;

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    /**
     * {'state_dict': {'w': tensor[3], 'h': fp16 tensor[2,2]}, 'global_step': 470000,
     *  'epoch': numpy.int64(3), 'callbacks': {ModelCheckpoint: <state>}, 'tags': {'a'}}, protocol 4 with
     * FRAME, MEMOIZE, STACK_GLOBAL and memo GETs.
     */
    static byte[] lightningPickle() {
        TorchZipFixture p = new TorchZipFixture().op(0x80, 4).op(0x95, 0, 0, 0, 0, 0, 0, 0, 0);
        p.op('}').op(0x94).mark();
        p.str("state_dict").op('}').op(0x94).mark()
                .str("w").tensor("FloatStorage", "0", 3, 0, new int[] {3}, new int[] {1})
                .str("h").tensor("HalfStorage", "1", 4, 0, new int[] {2, 2}, new int[] {2, 1})
                .op('u');
        p.str("global_step").op('J', 0x30, 0x2b, 0x07, 0x00); // 470000
        // numpy.core.multiarray.scalar(numpy.dtype('i8', False, True), b'\x03\0\0\0\0\0\0\0')
        p.str("epoch").str("numpy.core.multiarray").str("scalar").op(0x93).op(0x94)
                .str("numpy").str("dtype").op(0x93).mark().str("i8").op(0x89).op(0x88).tuple().reduce()
                .mark().int1(3).str("<").op('N', 'N', 'N').op('J', 0xff, 0xff, 0xff, 0xff).op('J', 0xff, 0xff, 0xff, 0xff)
                .int1(0).tuple().op('b')
                .op('C', 8, 3, 0, 0, 0, 0, 0, 0, 0).op(0x86).reduce();
        p.str("callbacks").op('}').global("pytorch_lightning.callbacks.model_checkpoint", "ModelCheckpoint")
                .op(')').op(0x81).op('}').str("best_model_score").op('N').op('s').op('b')
                .op('}').op('s');
        p.str("tags").op(0x8f).mark().str("a").op(0x90);
        p.str("again").op('h', 1); // memo 1 = the state_dict
        return p.op('u', '.').pickle();
    }

    private Path ckpt(String name, byte[] pkl) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("model/data.pkl", pkl);
        entries.put("model/byteorder", "little".getBytes());
        entries.put("model/data/0", CkptSafetyTest.floats(1, 2, 3));
        entries.put("model/data/1", new byte[] {0, 0x3c, 0, 0x40, 0, 0x42, 0, 0x44}); // 1, 2, 3, 4 in fp16
        Path f = tmp.resolve(name);
        Files.write(f, TorchZipFixture.zip(entries));
        return f;
    }

    @Test
    void lightningCheckpointWithTrainingExtrasLoads() throws Exception {
        try (StateDict sd = WeightsReader.read(ckpt("lightning.ckpt", lightningPickle()), root, ReadOptions.defaults())) {
            assertThat(sd.keys()).containsExactly("h", "w");
            assertThat(sd.get("w").toFloatArray()).containsExactly(1f, 2f, 3f);
            assertThat(sd.get("h").toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
        }
    }

    @Test
    void corruptedPicklesNeverEscapeAsOtherExceptions() throws Exception {
        byte[] good = lightningPickle();
        SplittableRandom rnd = new SplittableRandom(1234);
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] bad = good.clone();
            int edits = 1 + rnd.nextInt(3);
            for (int e = 0; e < edits; e++) {
                bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextInt(4) == 0) {
                bad = java.util.Arrays.copyOf(bad, rnd.nextInt(bad.length));
            }
            Path f = ckpt("fuzz.ckpt", bad);
            try (StateDict sd = WeightsReader.read(f, root, ReadOptions.defaults())) {
                loaded++;
            } catch (WeightsFormatException expected) {
                assertThat(expected.getMessage()).matches("(?s)(cannot|refusing to) load fuzz\\.ckpt: .*")
                        .doesNotContain("Exception");
                refused++;
            }
        }
        assertThat(loaded).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void corruptedZipsNeverEscapeAsOtherExceptions() throws Exception {
        byte[] good = Files.readAllBytes(ckpt("good.ckpt", lightningPickle()));
        SplittableRandom rnd = new SplittableRandom(99);
        for (int i = 0; i < 300; i++) {
            byte[] bad = good.clone();
            for (int e = 0; e < 4; e++) {
                // aim at the central directory and the local headers, where the offsets live
                int at = rnd.nextBoolean() ? bad.length - 1 - rnd.nextInt(Math.min(400, bad.length)) : rnd.nextInt(bad.length);
                bad[at] = (byte) rnd.nextInt(256);
            }
            Path f = tmp.resolve("zfuzz.ckpt");
            Files.write(f, bad);
            try (StateDict sd = WeightsReader.read(f, root, ReadOptions.defaults())) {
                assertThat(sd.size()).isPositive();
            } catch (WeightsFormatException expected) {
                assertThat(expected.getMessage()).matches("(?s)(cannot|refusing to) load zfuzz\\.ckpt: .*");
            }
        }
    }
}
