package dev.sdwebui.sampling.schedule;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A1111's schedulers ({@code modules/sd_schedulers.py} {@code schedulers}), in A1111's order, with
 * the fields of {@code GET /sdapi/v1/schedulers}: name, label, aliases, default_rho (-1 = none),
 * need_inner_model.
 */
public enum Scheduler {
    AUTOMATIC("automatic", "Automatic", List.of(), -1, false),
    UNIFORM("uniform", "Uniform", List.of(), -1, true),
    KARRAS("karras", "Karras", List.of(), 7.0, false),
    EXPONENTIAL("exponential", "Exponential", List.of(), -1, false),
    POLYEXPONENTIAL("polyexponential", "Polyexponential", List.of(), 1.0, false),
    SGM_UNIFORM("sgm_uniform", "SGM Uniform", List.of("SGMUniform"), -1, true),
    KL_OPTIMAL("kl_optimal", "KL Optimal", List.of(), -1, false),
    ALIGN_YOUR_STEPS("align_your_steps", "Align Your Steps", List.of(), -1, false),
    SIMPLE("simple", "Simple", List.of(), -1, true),
    NORMAL("normal", "Normal", List.of(), -1, true),
    DDIM("ddim", "DDIM", List.of(), -1, true),
    BETA("beta", "Beta", List.of(), -1, true);

    private final String id;
    private final String label;
    private final List<String> aliases;
    private final double defaultRho;
    private final boolean needInnerModel;

    Scheduler(String id, String label, List<String> aliases, double defaultRho, boolean needInnerModel) {
        this.id = id;
        this.label = label;
        this.aliases = aliases;
        this.defaultRho = defaultRho;
        this.needInnerModel = needInnerModel;
    }

    /** A1111 {@code name} ("karras"). */
    public String id() {
        return id;
    }

    /** A1111 {@code label} ("Karras"), the value written to infotext "Schedule type". */
    public String label() {
        return label;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** -1 when the schedule has no rho. */
    public double defaultRho() {
        return defaultRho;
    }

    public boolean needInnerModel() {
        return needInnerModel;
    }

    /** Case-insensitive lookup by name, label or alias (A1111 schedulers_map holds name and label). */
    public static Optional<Scheduler> find(String nameOrLabel) {
        if (nameOrLabel == null || nameOrLabel.isBlank()) {
            return Optional.empty();
        }
        String key = nameOrLabel.trim().toLowerCase(Locale.ROOT);
        for (Scheduler s : values()) {
            if (s.id.equals(key) || s.label.toLowerCase(Locale.ROOT).equals(key)
                    || s.aliases.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(key))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The sigmas of this schedule for {@code n} steps with already-resolved parameters. AUTOMATIC has
     * no function of its own; resolve it first ({@link SigmaPlanner}).
     */
    public double[] sigmas(int n, ScheduleParams p) {
        return switch (this) {
            case AUTOMATIC -> throw new IllegalStateException("resolve the Automatic scheduler before use");
            case UNIFORM -> Schedules.uniform(n, p.requireModel(this));
            case KARRAS -> Schedules.karras(n, p.sigmaMin(), p.sigmaMax(), p.rhoOr(defaultRho));
            case EXPONENTIAL -> Schedules.exponential(n, p.sigmaMin(), p.sigmaMax());
            case POLYEXPONENTIAL -> Schedules.polyexponential(n, p.sigmaMin(), p.sigmaMax(), p.rhoOr(defaultRho));
            case SGM_UNIFORM -> Schedules.sgmUniform(n, p.sigmaMin(), p.sigmaMax(), p.requireModel(this));
            case KL_OPTIMAL -> Schedules.klOptimal(n, p.sigmaMin(), p.sigmaMax());
            case ALIGN_YOUR_STEPS -> Schedules.alignYourSteps(n, p.sdxl());
            case SIMPLE -> Schedules.simple(n, p.requireModel(this));
            case NORMAL -> Schedules.normal(n, p.sigmaMin(), p.sigmaMax(), p.requireModel(this));
            case DDIM -> Schedules.ddim(n, p.requireModel(this));
            case BETA -> Schedules.beta(n, p.sigmaMin(), p.sigmaMax(), p.betaAlpha(), p.betaBeta());
        };
    }
}
