// Command grpcserver is a gRPC server with the standard health service
// (grpc.health.v1), listening on the port GRPC_PORT names, 50051 by default.
package main

import (
	"context"
	"fmt"
	"log"
	"net"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

const (
	name = "grpcserver"
	// service is the name the health service reports this server's status under.
	service = "example.notes.v1.Notes"
)

func newServer() (*grpc.Server, *health.Server) {
	server := grpc.NewServer()
	status := health.NewServer()
	status.SetServingStatus(service, healthpb.HealthCheckResponse_SERVING)
	healthpb.RegisterHealthServer(server, status)
	return server, status
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "selftest" {
		if err := selftest(); err != nil {
			fmt.Fprintf(os.Stderr, "%s selftest failed: %v\n", name, err)
			os.Exit(1)
		}
		fmt.Printf("%s ok\n", name)
		return
	}
	port := os.Getenv("GRPC_PORT")
	if port == "" {
		port = "50051"
	}
	listener, err := net.Listen("tcp", ":"+port)
	if err != nil {
		log.Fatal(err)
	}
	server, _ := newServer()
	log.Printf("%s listening on %s", name, listener.Addr())
	log.Fatal(server.Serve(listener))
}

// selftest starts the server on a loopback port and calls its health service
// over a real connection: SERVING for the service, then NOT_SERVING once the
// status changes, and NotFound for a service it does not know.
func selftest() error {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listening on loopback: %w", err)
	}
	server, status := newServer()
	go server.Serve(listener) //nolint:errcheck // Stop ends it
	defer server.Stop()

	connection, err := grpc.NewClient(listener.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return fmt.Errorf("a client for %s: %w", listener.Addr(), err)
	}
	defer connection.Close()
	client := healthpb.NewHealthClient(connection)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	check := func(service string) (healthpb.HealthCheckResponse_ServingStatus, error) {
		response, err := client.Check(ctx, &healthpb.HealthCheckRequest{Service: service})
		if err != nil {
			return healthpb.HealthCheckResponse_UNKNOWN, err
		}
		return response.GetStatus(), nil
	}
	if got, err := check(service); err != nil || got != healthpb.HealthCheckResponse_SERVING {
		return fmt.Errorf("Check(%s): %v, %v (expected SERVING)", service, got, err)
	}
	status.SetServingStatus(service, healthpb.HealthCheckResponse_NOT_SERVING)
	if got, err := check(service); err != nil || got != healthpb.HealthCheckResponse_NOT_SERVING {
		return fmt.Errorf("Check(%s) after the change: %v, %v (expected NOT_SERVING)", service, got, err)
	}
	if _, err := check("example.unknown.v1.Unknown"); err == nil {
		return fmt.Errorf("Check of an unknown service succeeded (expected NotFound)")
	}
	return nil
}
