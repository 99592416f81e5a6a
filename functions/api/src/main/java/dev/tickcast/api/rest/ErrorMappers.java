package dev.tickcast.api.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Bad input gets a 400 whose body says which field broke which rule; a missing resource a 404 that says what. */
public class ErrorMappers {

    public record Error(String error, String field, String rule) {
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequest e) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new Error(e.getMessage(), e.field(), e.rule())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return Response.status(Response.Status.NOT_FOUND).entity(new Error(e.getMessage(), null, null)).build();
    }
}
