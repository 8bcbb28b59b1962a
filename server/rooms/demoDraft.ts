/**
 * The demo room, created on first start: draft conclusions of the closing session of an
 * Annual Police Experts Meeting, written after the OSCE's public "Report of the 2010 OSCE
 * Annual Police Experts Meeting on further enhancing OSCE police-related activities". The
 * Senior Adviser's draft, before the room amends it.
 */
import type { DocJson } from './createRoom.js';

export const DEMO_ROOM_ID = 'apem-closing-session';
export const DEMO_ROOM_TITLE = 'Annual Police Experts Meeting — closing session: draft conclusions';

const heading = (level: number, text: string) => ({ type: 'heading', attrs: { level }, content: [{ type: 'text', text }] });
const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

export const DEMO_DRAFT: DocJson = {
  type: 'doc',
  content: [
    heading(
      1,
      'Draft conclusions and recommendations of the Annual Police Experts Meeting on further enhancing OSCE police-related activities',
    ),
    paragraph(
      'More than 120 police experts from the participating States, the Partners for Co-operation and international and regional partner organisations met to discuss ways of further enhancing OSCE police-related activities, on the basis of the OSCE’s unique strengths, expertise and capabilities. The following conclusions, prepared by the Senior Police Adviser to the Secretary General, were discussed by the participants in the closing session.',
    ),
    heading(2, 'Working session 1: Analysis of lessons learned and the OSCE’s value added in police-related activities'),
    paragraph(
      'Participants recommended that the lessons learned from police-related activities in the field be collected systematically and shared among the executive structures, so that new projects build on what has already worked.',
    ),
    paragraph(
      'The OSCE’s comprehensive approach to security, its field presence and its long-term engagement with host countries were recognised as its main value added in police development and reform.',
    ),
    paragraph(
      'Participants encouraged the executive structures to base police assistance on needs assessments agreed with the host authorities, and to evaluate its impact against the objectives set at the outset.',
    ),
    paragraph(
      'Community policing, police accountability and respect for human rights should remain at the core of OSCE police-related activities.',
    ),
    heading(2, 'Working session 2: Enhancing co-operation and co-ordination with international and regional organisations'),
    paragraph(
      'Participants called for an effective framework for co-operation with other international actors in the field of police assistance, in order to address transnational threats in a co-ordinated and complementary way.',
    ),
    paragraph(
      'Duplication of efforts and contradictory approaches to police assistance should be avoided through regular exchange of information on planned and ongoing projects with the United Nations, the European Union, INTERPOL, Europol and other partners.',
    ),
    paragraph(
      'The OSCE should further promote police and law enforcement co-operation among participating States, including through joint training and the exchange of good practices.',
    ),
    paragraph(
      'Participants recommended further improving co-ordination among the OSCE executive structures, in particular between the Secretariat, the field operations and the institutions.',
    ),
    heading(2, 'Working session 3: The role of policing in addressing transnational threats'),
    paragraph(
      'Participants underlined that organised crime, trafficking in human beings, illicit drugs and cybercrime cross borders and can only be countered through sustained international police co-operation.',
    ),
    paragraph(
      'Intelligence-led policing and the secure exchange of criminal information among participating States were identified as priorities for future OSCE support.',
    ),
    paragraph(
      'Border security and management should be strengthened in co-operation with the relevant national agencies, with full respect for human rights and the free movement of persons.',
    ),
    paragraph(
      'Participants encouraged the OSCE to support participating States, upon request, in developing national strategies against transnational threats that involve the police, the judiciary and civil society.',
    ),
    heading(2, 'Next steps'),
    paragraph(
      'The conclusions and recommendations will be forwarded to the Security Committee of the Permanent Council for further discussion.',
    ),
    paragraph(
      'They will also be presented at the Annual Security Review Conference in June, as a contribution to further enhancing OSCE police-related activities.',
    ),
  ],
};
