package dev.sdwebui.sampling.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sdwebui.sampling.TinyAlphas;
import org.junit.jupiter.api.Test;

/**
 * Golden values of every schedule for n = 1, 2, 10, 20 on SD1's linear beta schedule.
 *
 * <p>How the expected numbers were obtained: src/test/python/sampling/sched_expect.py is an
 * independent numpy float64 implementation of A1111's sd_schedulers.py and the k-diffusion functions
 * it names (model sigmas = float32 sqrt((1-a)/a) of ldm's linear alphas_cumprod; sigma_to_t/t_to_sigma
 * by log-sigma interpolation; Beta's ppf by bisection on an incomplete-beta integral computed with
 * composite Simpson, not the continued fraction used in main code). Each row: schedule, n, length,
 * sum, first, middle (index len/2) and penultimate value.
 */
class ScheduleGoldenTest {

    private static final Object[][] GOLDEN = {
        {"UNIFORM", 1, 2, 14.614643449676981, 14.614643449676981, 0.0, 14.614643449676981},
        {"UNIFORM", 2, 3, 14.643810985847649, 14.614643449676981, 0.029167536170667727, 0.029167536170667727},
        {"UNIFORM", 10, 11, 35.232257217069716, 14.614643449676981, 1.3449277801199182, 0.029167536170667727},
        {"UNIFORM", 20, 21, 64.99991722843193, 14.614643449676981, 1.480580607349886, 0.029167536170667727},
        {"KARRAS", 1, 2, 14.614642143249515, 14.614642143249515, 0.0, 14.614642143249515},
        {"KARRAS", 2, 3, 14.643809676170353, 14.614642143249515, 0.029167532920837392, 0.029167532920837392},
        {"KARRAS", 10, 11, 35.78748463922442, 14.614642143249515, 0.914076291645087, 0.029167532920837392},
        {"KARRAS", 20, 21, 66.50976370624761, 14.614642143249515, 1.0907903115312614, 0.029167532920837392},
        {"EXPONENTIAL", 1, 2, 14.614642143249512, 14.614642143249512, 0.0, 14.614642143249512},
        {"EXPONENTIAL", 2, 3, 14.64380967617035, 14.614642143249512, 0.029167532920837406, 0.029167532920837406},
        {"EXPONENTIAL", 10, 11, 29.270385292265054, 14.614642143249512, 0.4622214932150438, 0.029167532920837406},
        {"EXPONENTIAL", 20, 21, 52.296075502454194, 14.614642143249512, 0.5543630098956839, 0.029167532920837406},
        {"POLYEXPONENTIAL", 1, 2, 14.614642143249519, 14.614642143249519, 0.0, 14.614642143249519},
        {"POLYEXPONENTIAL", 2, 3, 14.643809676170356, 14.614642143249519, 0.029167532920837406, 0.029167532920837406},
        {"POLYEXPONENTIAL", 10, 11, 29.27038529226507, 14.614642143249519, 0.4622214932150438, 0.029167532920837406},
        {"POLYEXPONENTIAL", 20, 21, 52.29607550245421, 14.614642143249519, 0.5543630098956841, 0.029167532920837406},
        {"SGM_UNIFORM", 1, 2, 14.614642143249519, 14.614642143249519, 0.0, 14.614642143249519},
        {"SGM_UNIFORM", 2, 3, 16.230222413884455, 14.614642143249519, 1.6155802706349351, 1.6155802706349351},
        {"SGM_UNIFORM", 10, 11, 38.14424322767982, 14.614642143249519, 1.6155802706349351, 0.3437048601625161},
        {"SGM_UNIFORM", 20, 21, 67.9695591567157, 14.614642143249519, 1.6155802706349351, 0.22545233417967275},
        {"KL_OPTIMAL", 1, 2, 14.64380967617035, 14.614642143249512, 0.029167532920837402, 14.614642143249512},
        {"KL_OPTIMAL", 2, 3, 15.605398067542817, 14.614642143249512, 0.9615883913724673, 0.9615883913724673},
        {"KL_OPTIMAL", 10, 11, 27.619568996602222, 14.614642143249512, 0.9615883913724673, 0.17834680733654532},
        {"KL_OPTIMAL", 20, 21, 44.95854382834237, 14.614642143249512, 0.9615883913724673, 0.10318914714986654},
        {"ALIGN_YOUR_STEPS", 1, 2, 0.028999999999999998, 0.028999999999999998, 0.0, 0.028999999999999998},
        {"ALIGN_YOUR_STEPS", 2, 3, 14.643999999999997, 14.614999999999997, 0.028999999999999998, 0.028999999999999998},
        {"ALIGN_YOUR_STEPS", 10, 11, 30.858974564784628, 14.614999999999997, 1.1357873100664773, 0.028999999999999998},
        {"ALIGN_YOUR_STEPS", 20, 21, 55.31610774914873, 14.614999999999997, 1.2660440158620914, 0.028999999999999998},
        {"SIMPLE", 1, 2, 14.614642143249512, 14.614642143249512, 0.0, 14.614642143249512},
        {"SIMPLE", 2, 3, 16.22752833366394, 14.614642143249512, 1.6128861904144287, 1.6128861904144287},
        {"SIMPLE", 10, 11, 38.11703798174858, 14.614642143249512, 1.6128861904144287, 0.341673880815506},
        {"SIMPLE", 20, 21, 67.91269388794899, 14.614642143249512, 1.6128861904144287, 0.223003089427948},
        {"NORMAL", 1, 2, 14.614642143249519, 14.614642143249519, 0.0, 14.614642143249519},
        {"NORMAL", 2, 3, 14.643809679420187, 14.614642143249519, 0.029167536170667727, 0.029167536170667727},
        {"NORMAL", 10, 11, 35.232254924639385, 14.614642143249519, 1.344927751227541, 0.029167536170667727},
        {"NORMAL", 20, 21, 64.99991327656575, 14.614642143249519, 1.4805805732055939, 0.029167536170667727},
        {"DDIM", 1, 2, 0.04131447896361351, 0.04131447896361351, 0.0, 0.04131447896361351},
        {"DDIM", 2, 3, 1.665006633847952, 1.6236921548843384, 0.04131447896361351, 0.04131447896361351},
        {"DDIM", 10, 11, 23.754844840615988, 8.390684127807617, 1.1682159900665283, 0.04131447896361351},
        {"DDIM", 20, 21, 53.83737502619624, 11.028331756591797, 1.3761788606643677, 0.04131447896361351},
        {"BETA", 1, 2, 14.614642143249512, 14.614642143249512, 0.0, 14.614642143249512},
        {"BETA", 2, 3, 14.64380967617035, 14.614642143249512, 0.02916753292083741, 0.02916753292083741},
        {"BETA", 10, 11, 73.21904838085175, 14.614642143249512, 6.201372296732174, 0.02916753292083741},
        {"BETA", 20, 21, 146.4380967617035, 14.614642143249512, 6.789817201832866, 0.02916753292083741}
    };

    @Test
    void everyScheduleMatchesItsFormula() {
        DiscreteSchedule model = new DiscreteSchedule(TinyAlphas.sd1Formula());
        ScheduleParams p = ScheduleParams.forModel(model);
        for (Object[] row : GOLDEN) {
            Scheduler s = Scheduler.valueOf((String) row[0]);
            int n = (Integer) row[1];
            double[] sig = s.sigmas(n, p);
            String what = s + " n=" + n;
            assertThat(sig).as(what).hasSize((Integer) row[2]);
            assertThat(sum(sig)).as(what + " sum").isCloseTo((Double) row[3], within(1e-6 * (Double) row[3]));
            assertThat(sig[0]).as(what + " first").isCloseTo((Double) row[4], within(1e-6 * (Double) row[4]));
            assertThat(sig[sig.length / 2]).as(what + " middle")
                    .isCloseTo((Double) row[5], within(1e-6 * Math.max(1e-3, (Double) row[5])));
            assertThat(sig[sig.length - 2]).as(what + " penultimate")
                    .isCloseTo((Double) row[6], within(1e-6 * (Double) row[6]));
            if (s != Scheduler.KL_OPTIMAL) {
                assertThat(sig[sig.length - 1]).as(what + " trailing zero").isZero();
            }
        }
    }

    @Test
    void karrasRhoOverrideAndDiscardPenultimate() {
        // rho = 1 makes Karras linear in sigma: sigma_i = max + i/(n-1) (min - max)
        double[] lin = Schedules.karras(3, 1.0, 5.0, 1.0);
        assertThat(lin).containsExactly(new double[] {5.0, 3.0, 1.0, 0.0}, within(1e-12));
        assertThat(Schedules.discardNextToLast(lin)).containsExactly(5.0, 3.0, 0.0);
    }

    @Test
    void plannerResolvesAutomaticAndSettings() {
        DiscreteSchedule model = new DiscreteSchedule(TinyAlphas.sd1Formula());
        // Automatic + sampler default Karras + discard: 11 Karras sigmas, penultimate dropped
        PlannedSigmas dpm2 = SigmaPlanner.plan(Scheduler.AUTOMATIC, Scheduler.KARRAS, true, 10, model,
                ScheduleSettings.defaults());
        double[] k11 = Schedules.karras(11, model.sigmaMin(), model.sigmaMax(), 7.0);
        assertThat(dpm2.sigmas()).hasSize(11).containsExactly(Schedules.discardNextToLast(k11), within(0.0));
        assertThat(dpm2.infotext()).containsEntry("Schedule type", "Karras");
        // Automatic without sampler default = the model's own (Uniform) schedule, no infotext
        PlannedSigmas euler = SigmaPlanner.plan(Scheduler.AUTOMATIC, null, false, 10, model, ScheduleSettings.defaults());
        assertThat(euler.sigmas()).containsExactly(model.uniformSigmas(10), within(0.0));
        assertThat(euler.infotext()).isEmpty();
        // settings overrides
        ScheduleSettings st = new ScheduleSettings(0.5, 10, 3, false, false, 0.6, 0.6, false);
        PlannedSigmas over = SigmaPlanner.plan(Scheduler.KARRAS, null, false, 5, model, st);
        assertThat(over.sigmas()).containsExactly(Schedules.karras(5, 0.5, 10, 3), within(0.0));
        assertThat(over.infotext()).containsEntry("Schedule min sigma", 0.5).containsEntry("Schedule max sigma", 10.0)
                .containsEntry("Schedule rho", 3.0);
    }

    @Test
    void checkpointAlphasEqualLdmFormula() {
        assertThat(TinyAlphas.fromCheckpoint()).containsExactly(TinyAlphas.sd1Formula());
    }

    @Test
    void lookupByNameLabelAlias() {
        assertThat(Scheduler.find("SGMUniform")).contains(Scheduler.SGM_UNIFORM);
        assertThat(Scheduler.find("Align Your Steps")).contains(Scheduler.ALIGN_YOUR_STEPS);
        assertThat(Scheduler.find("karras")).contains(Scheduler.KARRAS);
        assertThat(Scheduler.find("nope")).isEmpty();
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
