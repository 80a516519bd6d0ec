package dev.sdwebui.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;

/**
 * Errors that never reach a controller (unknown /sdapi path, API not mounted) still get A1111's JSON
 * shape when the path is under /sdapi; every other path keeps Spring Boot's default error body.
 */
@Component
public class SdApiErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> base = super.getErrorAttributes(request, options);
        Object path = base.get("path");
        String ctx = request instanceof ServletWebRequest swr ? swr.getRequest().getContextPath() : "";
        if (path == null || !path.toString().startsWith(ctx + "/sdapi/")) {
            return base;
        }
        int status = base.get("status") instanceof Integer s ? s : 500;
        HttpStatus hs = HttpStatus.resolve(status);
        String detail = hs != null ? hs.getReasonPhrase() : "Error";
        ApiError e = ApiError.http(status, detail);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", e.error());
        out.put("detail", e.detail());
        out.put("body", e.body());
        out.put("errors", e.errors());
        return out;
    }
}
