package dev.sdwebui.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sdwebui.config.FlagSpec;
import dev.sdwebui.config.FlagSpec.Kind;
import dev.sdwebui.config.LaunchFlags;
import dev.sdwebui.config.LaunchOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchParserTest {

    private final LaunchParser parser = new LaunchParser(Map.of());

    private static String sample(FlagSpec f) {
        return switch (f.kind()) {
            case INT -> "42";
            case CHOICE -> "full";
            case LIST -> "sd";
            default -> "value-" + f.name();
        };
    }

    private static Object expected(FlagSpec f) {
        return switch (f.kind()) {
            case BOOL -> true;
            case STORE_FALSE -> false;
            case INT -> 42;
            case LIST, APPEND -> List.of(sample(f));
            default -> sample(f);
        };
    }

    @Test
    void everyFlagParsesInBothSyntaxes() {
        for (FlagSpec f : LaunchFlags.all()) {
            String[][] forms = f.takesValue()
                    ? new String[][] {{f.option(), sample(f)}, {f.option() + "=" + sample(f)}}
                    : new String[][] {{f.option()}};
            for (String[] args : forms) {
                ParseOutcome out = parser.parse(args);
                assertThat(out.status()).as(String.join(" ", args) + ": " + out.message()).isEqualTo(ParseOutcome.Status.RUN);
                assertThat(out.options().valueOf(f)).as(String.join(" ", args)).isEqualTo(expected(f));
                // --gradio-queue is store_true with default True in A1111: giving it changes nothing.
                assertThat(out.options().isSet(f)).as(f.name()).isEqualTo(!expected(f).equals(f.defaultValue()));
            }
        }
    }

    @Test
    void defaultsMatchA1111() {
        LaunchOptions o = LaunchOptions.defaults();
        assertThat(o.port()).isNull();
        assertThat(o.effectivePort()).isEqualTo(7860);
        assertThat(o.precision()).isEqualTo("autocast");
        assertThat(o.maxBatchCount()).isEqualTo(16);
        assertThat(o.subQuadQChunkSize()).isEqualTo(1024);
        assertThat(o.gradioQueue()).isTrue();
        assertThat(o.disableTlsVerify()).isNull();
        assertThat(o.useCpu()).isEmpty();
        assertThat(o.api()).isFalse();
    }

    @Test
    void nowebuiDefaultsPortTo7861() {
        assertThat(parser.parse("--nowebui").options().effectivePort()).isEqualTo(7861);
        assertThat(parser.parse("--nowebui", "--port", "9000").options().effectivePort()).isEqualTo(9000);
    }

    @Test
    void useCpuTakesSeveralLowerCasedValues() {
        assertThat(parser.parse("--use-cpu", "all").options().useCpu()).containsExactly("all");
        LaunchOptions o = parser.parse("--use-cpu", "Interrogate", "gfpgan", "--api").options();
        assertThat(o.useCpu()).containsExactly("interrogate", "gfpgan");
        assertThat(o.api()).isTrue();
        assertThat(parser.parse("--use-cpu").status()).isEqualTo(ParseOutcome.Status.ERROR);
    }

    @Test
    void appendFlagsRepeat() {
        LaunchOptions o = parser.parse("--styles-file", "a.csv", "--styles-file=b.csv").options();
        assertThat(o.stylesFile()).containsExactly("a.csv", "b.csv");
    }

    @Test
    void lastOccurrenceWinsAndPrefixesWork() {
        assertThat(parser.parse("--port", "1", "--port=2").options().port()).isEqualTo(2);
        assertThat(parser.parse("--listen").options().listen()).isTrue();
        assertThat(parser.parse("--nowebu").options().nowebui()).isTrue();
        assertThat(parser.parse("--no").status()).isEqualTo(ParseOutcome.Status.ERROR);
    }

    @Test
    void unknownFlagFailsLikeArgparse() {
        ParseOutcome out = parser.parse("--api", "--bogus", "x");
        assertThat(out.status()).isEqualTo(ParseOutcome.Status.ERROR);
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.message()).contains("error: unrecognized arguments: --bogus x").startsWith("usage: ");
    }

    @Test
    void ignoreCmdArgsErrorsKeepsGoing() {
        ParseOutcome out = new LaunchParser(Map.of("IGNORE_CMD_ARGS_ERRORS", "1")).parse("--bogus", "--api");
        assertThat(out.status()).isEqualTo(ParseOutcome.Status.RUN);
        assertThat(out.options().api()).isTrue();
        assertThat(out.unrecognized()).containsExactly("--bogus");
    }

    @Test
    void badValuesAreErrors() {
        assertThat(parser.parse("--port", "abc").message()).contains("argument --port: invalid int value: 'abc'");
        assertThat(parser.parse("--precision", "fp8").message()).contains("invalid choice: 'fp8'");
        assertThat(parser.parse("--listen=yes").message()).contains("ignored explicit argument 'yes'");
        assertThat(parser.parse("--ckpt").message()).contains("argument --ckpt: expected one argument");
        assertThat(parser.parse("--port", "70000").status()).isEqualTo(ParseOutcome.Status.ERROR);
        assertThat(parser.parse("--port", "abc").exitCode()).isEqualTo(2);
    }

    @Test
    void commandlineArgsAreShlexSplitAndAppended() {
        LaunchParser p = new LaunchParser(Map.of("COMMANDLINE_ARGS", "--api --ckpt \"/m/my model.safetensors\" --port 9"));
        LaunchOptions o = p.parse("--port", "8").options();
        assertThat(o.api()).isTrue();
        assertThat(o.ckpt()).isEqualTo("/m/my model.safetensors");
        assertThat(o.port()).as("appended after argv, so it wins (A1111)").isEqualTo(9);
        assertThat(new LaunchParser(Map.of("COMMANDLINE_ARGS", "--bogus")).parse().status())
                .isEqualTo(ParseOutcome.Status.ERROR);
    }

    @Test
    void helpListsEveryFlagOnItsOwnLine() {
        ParseOutcome out = parser.parse("--api", "--help");
        assertThat(out.status()).isEqualTo(ParseOutcome.Status.HELP);
        assertThat(out.exitCode()).isZero();
        List<String> lines = out.message().lines().toList();
        for (FlagSpec f : LaunchFlags.all()) {
            assertThat(lines).as(f.option()).anyMatch(l -> l.startsWith("  " + f.option() + " ") || l.equals("  " + f.option()));
        }
        assertThat(LaunchFlags.all()).hasSizeGreaterThan(100);
    }

    @Test
    void cmdFlagsUseSnakeCaseKeys() {
        Map<String, Object> m = parser.parse("--api", "--use-cpu", "all").options().toSnakeCaseMap();
        assertThat(m).containsEntry("api", true).containsEntry("use_cpu", List.of("all"))
                .containsEntry("ckpt_dir", null).containsEntry("max_batch_count", 16)
                .containsKey("sub_quad_kv_chunk_size").containsKey("gradio_auth");
        assertThat(m).hasSize(LaunchFlags.all().size());
        assertThat(LaunchFlags.all()).noneMatch(f -> f.kind() == Kind.CHOICE && f.choices().isEmpty());
    }

    @Test
    void missionFlagsAreAllPresent() {
        String mission = "update-all-extensions skip-python-version-check skip-torch-cuda-test reinstall-xformers "
                + "reinstall-torch update-check test-server skip-prepare-environment skip-install data-dir config ckpt "
                + "ckpt-dir vae-dir gfpgan-dir gfpgan-model no-half no-half-vae no-progressbar-hiding max-batch-count "
                + "embeddings-dir textual-inversion-templates-dir hypernetwork-dir localizations-dir allow-code medvram "
                + "lowvram lowram always-batch-cond-uncond unload-gfpgan precision upcast-sampling share ngrok "
                + "ngrok-region ngrok-options enable-insecure-extension-access codeformer-models-path gfpgan-models-path "
                + "esrgan-models-path bsrgan-models-path realesrgan-models-path clip-models-path xformers "
                + "force-enable-xformers xformers-flash-attention deepdanbooru opt-split-attention opt-sub-quad-attention "
                + "sub-quad-q-chunk-size sub-quad-kv-chunk-size sub-quad-chunk-threshold opt-split-attention-invokeai "
                + "opt-split-attention-v1 opt-sdp-attention opt-sdp-no-mem-attention disable-opt-split-attention "
                + "disable-nan-check use-cpu listen port show-negative-prompt ui-config-file hide-ui-dir-config "
                + "freeze-settings ui-settings-file gradio-debug gradio-auth gradio-auth-path gradio-img2img-tool "
                + "gradio-inpaint-tool gradio-allowed-path opt-channelslast styles-file autolaunch theme use-textbox-seed "
                + "disable-console-progressbars enable-console-prompts vae-path disable-safe-unpickle api api-auth api-log "
                + "nowebui ui-debug-mode device-id administrator cors-allow-origins cors-allow-origins-regex tls-keyfile "
                + "tls-certfile disable-tls-verify server-name gradio-queue no-gradio-queue skip-version-check no-hashing "
                + "no-download-sd-model subpath add-stop-route ldsr-models-path lora-dir scunet-models-path "
                + "swinir-models-path cpu-bf16 allow-djl-download";
        for (String name : mission.split(" ")) {
            assertThat(LaunchFlags.byName(name)).as(name).isPresent();
        }
    }

    @Test
    void shlexHandlesQuotesAndEscapes() {
        assertThat(Shlex.split("a 'b c' \"d \\\"e\" f\\ g")).containsExactly("a", "b c", "d \"e", "f g");
        assertThat(Shlex.split("  ")).isEmpty();
    }
}
