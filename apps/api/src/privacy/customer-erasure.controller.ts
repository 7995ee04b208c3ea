import { Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PersonalDataVault } from '@redress/privacy';
import { RequestValidationError } from '@redress/command-contracts';
import { RequireCapability } from '../auth/route-access';
import { principalOf } from '../http/request-context';

const CUSTOMER_ID = /^\S{1,200}$/;

/**
 * The right to erasure (GDPR art. 17, PIPL art. 47) on an immutable log:
 * the customer's keys are destroyed, so every sealed copy of their personal
 * data (in the log, its backups, Kafka and whatever consumed it) is
 * unreadable from that moment, while the complaints' histories, metrics and
 * hash chains stay whole.
 */
@ApiTags('customers')
@Controller('customers')
export class CustomerErasureController {
  constructor(@Inject(PersonalDataVault) private readonly vault: PersonalDataVault) {}

  @Post(':id/erase')
  @HttpCode(200)
  @RequireCapability('customers.erase')
  @ApiOperation({
    summary: "Erase a customer's personal data everywhere by destroying their keys (crypto-shredding)",
    description:
      'Answers {customerId, erasedAt, erasedBy, keysDestroyed}. Repeating it is harmless (keysDestroyed 0). ' +
      'Their complaints stay, with the personal fields reading as erased.',
  })
  async erase(@Param('id') customerId: string, @Headers() headers: Record<string, unknown>) {
    if (!CUSTOMER_ID.test(customerId)) {
      throw new RequestValidationError([
        { field: 'id', message: 'must be a customer id (1 to 200 characters, no spaces)' },
      ]);
    }
    // The guard has authenticated the caller; the erasure records who it was.
    return this.vault.erase(customerId, principalOf(headers)?.id ?? 'unknown');
  }
}
