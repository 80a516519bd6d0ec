package dev.sdwebui.api;

import dev.sdwebui.config.SpringProperties;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Marks a controller of A1111's REST API: mapped under {@code /sdapi/v1}, mounted only with --api or
 * --nowebui (like A1111's {@code Api(app, queue_lock)}), covered by --api-auth and by the A1111 error JSON
 * of {@link SdApiExceptionHandler}. Method mappings are relative: {@code @GetMapping("/sd-models")}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RestController
@RequestMapping("/sdapi/v1")
@ConditionalOnProperty(name = SpringProperties.API_ENABLED, havingValue = "true")
public @interface SdApiController {
}
