#ifndef GRANTDESK_CPOSTGRES_SHIM_H
#define GRANTDESK_CPOSTGRES_SHIM_H

#include <libpq-fe.h>

// The SQLSTATE field code is a char literal macro in postgres_ext.h; Swift
// imports it, but naming it here keeps the one place that reads error fields
// independent of where a libpq version defines it.
static const int gd_pq_diag_sqlstate = 'C';
static const int gd_pq_diag_message_primary = 'M';

// The notice processor libpq calls for NOTICE/WARNING messages (by default
// it prints them to stderr). A no-op: the console logs its own errors.
static inline void gd_pq_ignore_notice(void *argument, const char *message) {
    (void)argument;
    (void)message;
}

static inline void gd_pq_silence_notices(PGconn *connection) {
    PQsetNoticeProcessor(connection, gd_pq_ignore_notice, NULL);
}

#endif
