import { describe, it, expect } from 'vitest';
import { classifyJobTitle } from './job-title.ts';

describe('classifyJobTitle', () => {
  it.each([
    ['CEO', 'c_level', 'executive'],
    ['Co-Founder & CTO', 'c_level', 'engineering'],
    ['cfo', 'c_level', 'finance'],
    ['Chief Marketing Officer', 'c_level', 'marketing'],
    ['Chief People Officer', 'c_level', 'hr'],
    ['Founder', 'c_level', 'executive'],
    ['Managing Director', 'c_level', 'executive'],
    ['SVP, Global Sales', 'vp', 'sales'],
    ['Vice President of Marketing', 'vp', 'marketing'],
    ['VP Engineering', 'vp', 'engineering'],
    ['EVP Finance', 'vp', 'finance'],
    ['Head of Customer Success', 'director', 'customer_success'],
    ['Sr. Dir. of Mktg', 'director', 'marketing'],
    ['Director, IT Infrastructure', 'director', 'it'],
    ['Engineering Mgr', 'manager', 'engineering'],
    ['Marketing Operations Manager', 'manager', 'marketing'],
    ['IT Manager', 'manager', 'it'],
    ['Product Manager', 'manager', 'product'],
    ['Senior Software Engineer', 'individual_contributor', 'engineering'],
    ['Account Executive', 'individual_contributor', 'sales'],
    ['BDR', 'individual_contributor', 'sales'],
    ['UX Designer', 'individual_contributor', 'design'],
    ['General Counsel', 'individual_contributor', 'legal'],
    ['Data Scientist', 'individual_contributor', 'engineering'],
    ['Recruiter', 'individual_contributor', 'hr'],
    // An assistant to an officer is not an officer.
    ['Executive Assistant to the CEO', 'individual_contributor', 'executive'],
    ['Student', null, null],
    ['', null, null],
  ])('%j → %s / %s', (title, seniority, department) => {
    expect(classifyJobTitle(title)).toEqual({ seniority, department });
  });
});
