#pragma once
// performance_schema statement digests, written back as statements.
//
// MySQL and MariaDB record each statement class as DIGEST_TEXT: tokens
// separated by one blank, names in backticks, values as ?, lists as (...),
// further VALUES rows as a /* , ... */ comment. Fingerprinted as it is, a
// digest never gets the class ID that pt-query-digest (and Planwise) give the
// same statement in a slow log. digestToStatement() writes it the way SQL is
// usually written — plain names without backticks, no blank inside
// parentheses, before a comma or around a dot, none between a function and its
// parenthesis, a list as one value — so that the digest class and the log
// class of a statement written in that style share their fingerprint and ID.
// A statement written otherwise ("a,b", "count (*)") keeps two classes: the
// digest no longer has its spacing.
#include <string>
#include <string_view>

namespace planwise::sql {

std::string digestToStatement(std::string_view digestText);

} // namespace planwise::sql
