/** ID card reader messages for residents: the contract's one copy (electron/contract/idcard-messages.ts). */
export { idcardMessagesZh as idcardZhCN } from '../../../electron/contract/idcard-messages.ts';
