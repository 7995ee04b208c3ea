import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ComplaintListQueries, type ComplaintPage, type ComplaintSearch } from '@redress/projections';

/** CQRS envelopes for the read-model queries; the handlers only delegate to ComplaintListQueries. */
export class SearchComplaintsQuery extends Query<ComplaintPage> {
  constructor(readonly search: ComplaintSearch) {
    super();
  }
}

export class GetCustomerComplaintsQuery extends Query<Awaited<ReturnType<ComplaintListQueries['customerComplaints']>>> {
  constructor(
    readonly customerId: string,
    readonly repeatWindowDays: number,
  ) {
    super();
  }
}

export class GetWorkloadQuery extends Query<Awaited<ReturnType<ComplaintListQueries['workload']>>> {
  constructor(readonly at: Date) {
    super();
  }
}

@QueryHandler(SearchComplaintsQuery)
export class SearchComplaintsHandler implements IQueryHandler<SearchComplaintsQuery> {
  constructor(@Inject(ComplaintListQueries) private readonly queries: ComplaintListQueries) {}
  execute(query: SearchComplaintsQuery) {
    return this.queries.search(query.search);
  }
}

@QueryHandler(GetCustomerComplaintsQuery)
export class GetCustomerComplaintsHandler implements IQueryHandler<GetCustomerComplaintsQuery> {
  constructor(@Inject(ComplaintListQueries) private readonly queries: ComplaintListQueries) {}
  execute(query: GetCustomerComplaintsQuery) {
    return this.queries.customerComplaints(query.customerId, query.repeatWindowDays);
  }
}

@QueryHandler(GetWorkloadQuery)
export class GetWorkloadHandler implements IQueryHandler<GetWorkloadQuery> {
  constructor(@Inject(ComplaintListQueries) private readonly queries: ComplaintListQueries) {}
  execute(query: GetWorkloadQuery) {
    return this.queries.workload(query.at);
  }
}
