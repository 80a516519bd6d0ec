package dev.sdwebui.pipeline;

import dev.sdwebui.nn.SdModel;
import dev.sdwebui.prompt.cond.PromptConditioner;
import dev.sdwebui.prompt.parse.ExtraNetworks;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A job's extra-network step, run before each batch's conditioning (Ref: A1111 processing.py
 * {@code process_images_inner}: {@code parse_extra_network_prompts}, {@code extra_networks.activate},
 * then {@code setup_conds}): tags out of the positive prompts, networks applied, their infotext and the
 * job's comments collected.
 */
final class ExtraNetworkStep {

    private final PipelineServices services;
    private final JobPlan plan;
    private final SdModel model;
    private final LinkedHashSet<String> comments = new LinkedHashSet<>();

    ExtraNetworkStep(PipelineServices services, JobPlan plan, SdModel model) {
        this.services = services;
        this.plan = plan;
        this.model = model;
    }

    /** The batch's prompts as the text encoder must see them; applies the networks they name. */
    List<String> prompts(List<String> batch, PromptConditioner conditioner, InfotextFactory infotexts) {
        ExtraNetworkService service = services.extraNetworks();
        if (service == null) {
            return ExtraNetworks.parseAll(batch).prompts();
        }
        ExtraNetworkService.Activation a = service.activate(model, batch, plan.request().disableExtraNetworks(),
                plan.settings());
        if (a.changed()) {
            conditioner.clear();
        }
        infotexts.addExtras(a.infotext());
        comments.addAll(a.comments());
        return a.prompts();
    }

    /** Comments collected so far, in order, without repeats. */
    List<String> comments() {
        return List.copyOf(comments);
    }
}
