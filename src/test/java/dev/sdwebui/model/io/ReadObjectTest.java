package dev.sdwebui.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WeightsReader#readObject}: the whole unpickled tree, through the same restricted unpickler. */
class ReadObjectTest {

    private static final long LIMIT = 1 << 20;

    @TempDir
    Path tmp;

    private Path write(String name, byte[] pickle, Map<String, byte[]> storages) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, TorchZipFixture.torchSave(pickle, storages));
        return p;
    }

    private Path lightning() throws Exception {
        Map<String, byte[]> storages = new LinkedHashMap<>();
        storages.put("0", TorchZipFixture.floats(1, 2, 3));
        storages.put("1", new byte[] {0, 0x3c, 0, 0x40, 0, 0x42, 0, 0x44}); // 1, 2, 3, 4 in fp16
        return write("lightning.ckpt", CkptRobustnessTest.lightningPickle(), storages);
    }

    @Test
    @SuppressWarnings("unchecked")
    void wholeTreeWithTensorsScalarsPlaceholdersAndSharing() throws Exception {
        Map<Object, Object> top = (Map<Object, Object>) WeightsReader.readObject(lightning(), ReadOptions.defaults(), LIMIT);

        assertThat(top.keySet()).containsExactly("state_dict", "global_step", "epoch", "callbacks", "tags", "again");
        Map<Object, Object> sd = (Map<Object, Object>) top.get("state_dict");
        PickledTensor w = (PickledTensor) sd.get("w");
        assertThat(w.dtype()).isEqualTo(StoredDType.F32);
        assertThat(w.shape()).containsExactly(3);
        assertThat(w.data()).containsExactly(1f, 2f, 3f);
        PickledTensor h = (PickledTensor) sd.get("h");
        assertThat(h.dtype()).isEqualTo(StoredDType.F16);
        assertThat(h.shape()).containsExactly(2, 2);
        assertThat(h.data()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(top.get("global_step")).isEqualTo(470000L);
        assertThat(top.get("epoch")).isEqualTo(3L); // numpy.int64 scalar
        Map<Object, Object> callbacks = (Map<Object, Object>) top.get("callbacks");
        PickledObject key = (PickledObject) callbacks.keySet().iterator().next();
        assertThat(key.type()).isEqualTo("pytorch_lightning.callbacks.model_checkpoint.ModelCheckpoint");
        assertThat((Map<Object, Object>) key.state()).containsEntry("best_model_score", null);
        assertThat((Set<Object>) top.get("tags")).containsExactly("a");
        assertThat(top.get("again")).isSameAs(sd); // a memo reference stays one object
    }

    @Test
    @SuppressWarnings("unchecked")
    void tuplesViewsAndParameterDictPlaceholder() throws Exception {
        // {'t': (1, 'x', None, 2.5 as BINFLOAT), 'p': ParameterDict() with BUILD state {'_parameters': {'*': t[3,2]}}}
        // where t is a transposed view of storage 0..5 wrapped by _rebuild_parameter.
        TorchZipFixture p = new TorchZipFixture().proto2().op('}').mark();
        p.str("t").mark().int1(1).str("x").op('N').op('G', 0x40, 0x04, 0, 0, 0, 0, 0, 0).tuple();
        p.str("p").global("torch.nn.modules.container", "ParameterDict").op(')').op(0x81)
                .op('}').mark().str("training").op(0x88).str("_parameters")
                .global("collections", "OrderedDict").op(')').reduce()
                .str("*").global("torch._utils", "_rebuild_parameter").mark()
                .tensor("FloatStorage", "0", 6, 0, new int[] {3, 2}, new int[] {1, 3})
                .op(0x88).global("collections", "OrderedDict").op(')').reduce().tuple().reduce()
                .op('s').op('u').op('b');
        Path f = write("tree.pt", p.op('u', '.').pickle(), Map.of("0", TorchZipFixture.floats(0, 1, 2, 3, 4, 5)));

        Map<Object, Object> top = (Map<Object, Object>) WeightsReader.readObject(f, ReadOptions.defaults(), LIMIT);

        List<Object> t = (List<Object>) top.get("t");
        assertThat(t).containsExactly(1L, "x", null, 2.5);
        assertThatThrownBy(() -> t.add(4L)).isInstanceOf(UnsupportedOperationException.class); // a tuple
        PickledObject pd = (PickledObject) top.get("p");
        assertThat(pd.type()).isEqualTo("torch.nn.modules.container.ParameterDict");
        Map<Object, Object> params = (Map<Object, Object>) ((Map<Object, Object>) pd.state()).get("_parameters");
        PickledTensor star = (PickledTensor) params.get("*");
        assertThat(star.shape()).containsExactly(3, 2);
        assertThat(star.data()).containsExactly(0f, 3f, 1f, 4f, 2f, 5f);
    }

    @Test
    void forbiddenGlobalIsRefusedAndNothingRunsUnlessUnsafe() throws Exception {
        Path marker = tmp.resolve("pwned-" + UUID.randomUUID());
        byte[] pkl = new TorchZipFixture().proto2().op('}').str("evil").global("os", "system")
                .mark().str("touch " + marker).tuple().reduce().op('s', '.').pickle();
        Path f = write("evil.pt", pkl, Map.of());

        assertThatThrownBy(() -> WeightsReader.readObject(f, ReadOptions.defaults(), LIMIT))
                .isInstanceOf(WeightsFormatException.class)
                .hasMessageStartingWith("refusing to load evil.pt: it references os.system");
        Object unsafe = WeightsReader.readObject(f, new ReadOptions(true, true), LIMIT);
        PickledObject evil = (PickledObject) ((Map<?, ?>) unsafe).get("evil");
        assertThat(evil.type()).isEqualTo("os.system");
        assertThat(evil.args()).containsExactly("touch " + marker);
        assertThat(marker).doesNotExist();
    }

    @Test
    void tensorsAboveTheLimitAndNonZipFilesAreRefused() throws Exception {
        Path f = lightning(); // 3 + 4 floats = 28 bytes as fp32
        assertThat(WeightsReader.readObject(f, ReadOptions.defaults(), 28)).isNotNull();
        assertThatThrownBy(() -> WeightsReader.readObject(f, ReadOptions.defaults(), 27))
                .isInstanceOf(WeightsFormatException.class).hasMessageContaining("size limit");
        Path text = tmp.resolve("x.pt");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> WeightsReader.readObject(text, ReadOptions.defaults(), LIMIT))
                .isInstanceOf(WeightsFormatException.class).hasMessageContaining("not a PyTorch file");
    }

    @Test
    @SuppressWarnings("unchecked")
    void cyclesStayCyclesAndDeepNestingIsAnError() throws Exception {
        // l = []; l.append(l)
        byte[] cyc = new TorchZipFixture().proto2().op(']').op('q', 0).op('h', 0).op('a', '.').pickle();
        List<Object> l = (List<Object>) WeightsReader.readObject(write("cyc.pt", cyc, Map.of()), ReadOptions.defaults(), LIMIT);
        assertThat(l).hasSize(1);
        assertThat(l.get(0)).isSameAs(l);

        TorchZipFixture deep = new TorchZipFixture().proto2();
        for (int i = 0; i < 500; i++) {
            deep.op(']');
        }
        for (int i = 0; i < 499; i++) {
            deep.op('a');
        }
        Path f = write("deep.pt", deep.op('.').pickle(), Map.of());
        assertThatThrownBy(() -> WeightsReader.readObject(f, ReadOptions.defaults(), LIMIT))
                .isInstanceOf(WeightsFormatException.class).hasMessageContaining("nested more than");
    }

    @Test
    void corruptedFilesNeverEscapeAsOtherExceptions() throws Exception {
        byte[] good = CkptRobustnessTest.lightningPickle();
        SplittableRandom rnd = new SplittableRandom(4321);
        int read = 0;
        for (int i = 0; i < 500; i++) {
            byte[] bad = good.clone();
            for (int e = 0; e < 1 + rnd.nextInt(3); e++) {
                bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            }
            Path f = write("fuzz.pt", bad, Map.of("0", TorchZipFixture.floats(1, 2, 3), "1", new byte[8]));
            try {
                WeightsReader.readObject(f, ReadOptions.defaults(), LIMIT);
                read++;
            } catch (WeightsFormatException expected) {
                assertThat(expected.getMessage()).matches("(?s)(cannot|refusing to) load fuzz\\.pt: .*")
                        .doesNotContain("Exception");
            }
        }
        assertThat(read).isPositive();
    }
}
