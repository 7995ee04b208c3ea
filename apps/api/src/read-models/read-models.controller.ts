import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionRunner } from '@redress/projections';
import { RequestValidationError, validateBody } from '@redress/command-contracts';
import { ComplaintSearchDto, CustomerComplaintsDto } from './complaint-search.dto';
import { GetCustomerComplaintsQuery, GetWorkloadQuery, SearchComplaintsQuery } from './read-model.cqrs';
import { RequireCapability } from '../auth/route-access';

const DEFAULT_REPEAT_WINDOW_DAYS = 30;
const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

/** Queries answered from read models; none of them replays an event stream. */
@ApiTags('read models')
@Controller()
export class ReadModelsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

  @Get('complaints')
  @RequireCapability('complaints.search', 'department-query')
  @ApiOperation({
    summary: 'Search complaints: filters, full text, sorting, cursor pages, totals by status and category',
  })
  async search(@Query() query: ComplaintSearchDto) {
    const { q, minPosition, ...search } = await validateBody(ComplaintSearchDto, query);
    if (minPosition !== undefined) await this.projections.waitFor(minPosition, READ_YOUR_WRITES_TIMEOUT_MS);
    if (search.receivedFrom && search.receivedTo && Date.parse(search.receivedFrom) >= Date.parse(search.receivedTo)) {
      throw new RequestValidationError([{ field: 'receivedTo', message: 'must be later than receivedFrom' }]);
    }
    return this.queries.execute(new SearchComplaintsQuery({ ...search, text: q }));
  }

  @Get('customers/:id/complaints')
  @RequireCapability('customers.read')
  @ApiOperation({ summary: "A customer's complaints with repeat-complaint flags and reopen counts" })
  async customer(@Param('id') id: string, @Query() query: CustomerComplaintsDto) {
    const { repeatWindowDays } = await validateBody(CustomerComplaintsDto, query);
    if (id.length > 200) throw new RequestValidationError([{ field: 'id', message: 'must be at most 200 characters' }]);
    return this.queries.execute(new GetCustomerComplaintsQuery(id, repeatWindowDays ?? DEFAULT_REPEAT_WINDOW_DAYS));
  }

  @Get('workload')
  @RequireCapability('workload.read')
  @ApiOperation({ summary: 'Open complaints per department and assignee, with their ages' })
  workload() {
    return this.queries.execute(new GetWorkloadQuery(new Date()));
  }

  @Get('projections')
  @RequireCapability('operations.read')
  @ApiOperation({ summary: 'Every projection with its position, lag (events and ms) and state' })
  async status() {
    return { projections: await this.projections.status() };
  }
}
