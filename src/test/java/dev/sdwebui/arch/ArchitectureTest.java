package dev.sdwebui.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of {@code ../shared/docs/architecture.md}: dependencies point one way
 * (edge -> application -> engine -> base), adapters never depend on each other, the engine is plain
 * Java, and DJL stays out of the layers that have no business with tensors.
 *
 * <p>Exception, by the architecture's own wording: {@code config/*Configuration} classes wire the
 * plain-Java engine into Spring, so they may reference engine types.
 */
class ArchitectureTest {

    private static final String BASE = "dev.sdwebui";
    private static final String[] EDGE = {"..sdwebui.api..", "..sdwebui.web..", "..sdwebui.security..", "..sdwebui.cli.."};
    private static final String[] APP = {"..sdwebui.queue..", "..sdwebui.pipeline..", "..sdwebui.postprocess..",
        "..sdwebui.infotext..", "..sdwebui.output..", "..sdwebui.extensions.."};
    private static final String[] ENGINE = {"..sdwebui.prompt..", "..sdwebui.sampling..", "..sdwebui.nn..",
        "..sdwebui.model.."};
    private static final String[] BOTTOM = {"..sdwebui.tensor..", "..sdwebui.device..", "..sdwebui.config.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    private static DescribedPredicate<JavaClass> wiring() {
        return DescribedPredicate.describe("a config/*Configuration wiring class",
                // nested and anonymous classes (DeviceConfiguration$1) belong to their top-level wiring class
                c -> c.getPackageName().startsWith(BASE + ".config")
                        && c.getName().replaceFirst("\\$.*", "").endsWith("Configuration"));
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @Test
    void applicationLayerDoesNotReachTheEdge() {
        noClasses().that().resideInAnyPackage(APP)
                .should().dependOnClassesThat().resideInAnyPackage(EDGE)
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void engineDoesNotReachApplicationOrEdge() {
        noClasses().that().resideInAnyPackage(ENGINE)
                .should().dependOnClassesThat().resideInAnyPackage(concat(APP, EDGE))
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void baseDoesNotReachUpward() {
        noClasses().that().resideInAnyPackage(BOTTOM).and(DescribedPredicate.not(wiring()))
                .should().dependOnClassesThat().resideInAnyPackage(concat(ENGINE, APP, EDGE))
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void wiringNeverReachesTheEdge() {
        noClasses().that(wiring())
                .should().dependOnClassesThat().resideInAnyPackage(EDGE)
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        for (String adapter : EDGE) {
            String[] others = java.util.Arrays.stream(EDGE).filter(a -> !a.equals(adapter)).toArray(String[]::new);
            noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .allowEmptyShould(true).check(classes);
        }
    }

    @Test
    void engineIsPlainJava() {
        noClasses().that().resideInAnyPackage("..sdwebui.nn..", "..sdwebui.sampling..", "..sdwebui.prompt..",
                        "..sdwebui.model..", "..sdwebui.tensor..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void djlStaysOutOfTheEdgeAndTextLayers() {
        noClasses().that().resideInAnyPackage("..sdwebui.api..", "..sdwebui.web..", "..sdwebui.security..",
                        "..sdwebui.infotext..", "..sdwebui.output..", "..sdwebui.queue..", "..sdwebui.prompt.parse..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.sdwebui.(*)..").should().beFreeOfCycles()
                .ignoreDependency(wiring(), DescribedPredicate.alwaysTrue())
                .allowEmptyShould(true).check(classes);
    }
}
